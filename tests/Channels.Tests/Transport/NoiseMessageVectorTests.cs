using Microchannels.Channels.Transport;

namespace Microchannels.Channels.Tests.Transport;

/// <summary>BOLT 8, Appendix A, "Message Encryption Tests": "hello" sent 1001 times across two key rotations.</summary>
public class NoiseMessageVectorTests
{
    private const string VectorName = "transport-message test";
    private static readonly byte[] Hello = "hello"u8.ToArray();

    public static TheoryData<int> PrintedOutputs() => new(PrintedIndices());

    private static IEnumerable<int> PrintedIndices() =>
        Bolt8Vectors.Named(VectorName).Fields.Keys
            .Where(k => k.StartsWith("output ", StringComparison.Ordinal))
            .Select(k => int.Parse(k["output ".Length..], System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void The_spec_prints_the_six_outputs_around_both_rotations()
    {
        Assert.Equal([0, 1, 500, 501, 1000, 1001], PrintedIndices().Order());
    }

    [Theory]
    [MemberData(nameof(PrintedOutputs))]
    public void Encrypting_hello_repeatedly_matches_the_printed_output(int index)
    {
        var vector = Bolt8Vectors.Named(VectorName);
        using var encryptor = new NoiseMessageEncryptor(new CipherState(vector.Bytes("sk"), vector.Bytes("ck")));

        byte[] packet = [];
        for (int i = 0; i <= index; i++)
        {
            packet = encryptor.Encrypt(Hello);
        }

        Assert.Equal(vector.Fields[$"output {index}"][2..], Convert.ToHexStringLower(packet));
    }

    [Theory]
    [MemberData(nameof(PrintedOutputs))]
    public void The_receiver_decrypts_the_printed_output_at_its_position(int index)
    {
        var vector = Bolt8Vectors.Named(VectorName);
        using var encryptor = new NoiseMessageEncryptor(new CipherState(vector.Bytes("sk"), vector.Bytes("ck")));
        using var decryptor = new NoiseMessageDecryptor(new CipherState(vector.Bytes("sk"), vector.Bytes("ck")));

        for (int i = 0; i < index; i++)
        {
            Assert.Equal(Hello, decryptor.Decrypt(encryptor.Encrypt(Hello)));
        }

        Assert.Equal(Hello, decryptor.Decrypt(vector.Bytes($"output {index}")));
    }

    // The rotated keys are printed as comments beside outputs 500 and 1000:
    // ck', k' = HKDF(ck, k) (BOLT 8, "Lightning Message Key Rotation").
    [Theory]
    [InlineData(499, 998UL, "969ab31b4d288cedf6218839b27a3e2140827047f2c0f01bf5c04435d43511a9", "919219dbb2920afa8db80f9a51787a840bcf111ed8d588caf9ab4be716e42b01")]
    [InlineData(500, 0UL, "3fbdc101abd1132ca3a0ae34a669d8d9ba69a587e0bb4ddd59524541cf4813d8", "cc2c6e467efc8067720c2d09c139d1f77731893aad1defa14f9bf3c48d3f1d31")]
    [InlineData(1000, 0UL, "9e0477f9850dca41e42db0e4d154e3a098e5a000d995e421849fcd5df27882bd", "728366ed68565dc17cf6dd97330a859a6a56e87e2beef3bd828a4c4a54d8df06")]
    public void The_key_rotates_when_the_nonce_reaches_1000(int messagesSent, ulong expectedNonce, string expectedKey, string expectedChainingKey)
    {
        var vector = Bolt8Vectors.Named(VectorName);
        using var encryptor = new NoiseMessageEncryptor(new CipherState(vector.Bytes("sk"), vector.Bytes("ck")));
        for (int i = 0; i < messagesSent; i++)
        {
            encryptor.Encrypt(Hello);
        }

        Assert.Equal(expectedNonce, encryptor.State.Nonce);
        Assert.Equal(expectedKey, Convert.ToHexStringLower(encryptor.State.Key));
        Assert.Equal(expectedChainingKey, Convert.ToHexStringLower(encryptor.State.ChainingKey));
    }

    // BOLT 8 prints sn=1 as 0x000000000100000000000000: 32 zero bits, then little-endian.
    [Theory]
    [InlineData(0UL, "000000000000000000000000")]
    [InlineData(1UL, "000000000100000000000000")]
    [InlineData(0x0102030405060708UL, "000000000807060504030201")]
    public void The_nonce_is_32_zero_bits_then_a_little_endian_counter(ulong counter, string expectedHex)
    {
        var nonce = new byte[12];
        NoiseAead.WriteNonce(counter, nonce);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(nonce));
    }
}
