using Microchannels.Channels.Transport;

namespace Microchannels.Channels.Tests.Transport;

/// <summary>BOLT 8, "Lightning Message Specification": limits and MAC failures of the framing.</summary>
public class NoiseMessageFramingTests
{
    private static readonly byte[] SendingKey = Convert.FromHexString("969ab31b4d288cedf6218839b27a3e2140827047f2c0f01bf5c04435d43511a9");
    private static readonly byte[] ChainingKey = Convert.FromHexString("919219dbb2920afa8db80f9a51787a840bcf111ed8d588caf9ab4be716e42b01");

    private static NoiseMessageEncryptor NewEncryptor() => new(new CipherState(SendingKey, ChainingKey));

    private static NoiseMessageDecryptor NewDecryptor() => new(new CipherState(SendingKey, ChainingKey));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65535)]
    public void A_message_up_to_65535_bytes_round_trips_with_34_bytes_of_overhead(int length)
    {
        using var encryptor = NewEncryptor();
        using var decryptor = NewDecryptor();
        var message = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();

        var packet = encryptor.Encrypt(message);

        Assert.Equal(18 + length + 16, packet.Length);
        Assert.Equal(message, decryptor.Decrypt(packet));
    }

    [Fact]
    public void A_message_of_65536_bytes_is_refused_without_using_a_nonce()
    {
        using var encryptor = NewEncryptor();

        var error = Assert.Throws<MessageTooLargeException>(() => encryptor.Encrypt(new byte[65536]));

        Assert.Equal(65536, error.Length);
        Assert.Equal(0UL, encryptor.State.Nonce);
    }

    [Fact]
    public void A_tampered_length_prefix_fails_its_MAC_and_the_decryptor_is_unusable_after()
    {
        using var encryptor = NewEncryptor();
        using var decryptor = NewDecryptor();
        var packet = encryptor.Encrypt("hello"u8);
        packet[1] ^= 0x01;

        Assert.Throws<NoiseMessageAuthenticationException>(() => decryptor.DecryptLength(packet.AsSpan(0, 18)));
        Assert.Throws<ObjectDisposedException>(() => decryptor.DecryptLength(packet.AsSpan(0, 18)));
    }

    [Fact]
    public void A_tampered_body_fails_its_MAC_and_writes_no_plaintext()
    {
        using var encryptor = NewEncryptor();
        using var decryptor = NewDecryptor();
        var packet = encryptor.Encrypt("hello"u8);
        packet[^1] ^= 0x80;
        var output = new byte[5];

        int length = decryptor.DecryptLength(packet.AsSpan(0, 18));
        Assert.Equal(5, length);
        Assert.Throws<NoiseMessageAuthenticationException>(() => decryptor.DecryptBody(packet.AsSpan(18), output));
        Assert.All(output, b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_replayed_packet_fails_because_the_nonce_has_moved_on()
    {
        using var encryptor = NewEncryptor();
        using var decryptor = NewDecryptor();
        var packet = encryptor.Encrypt("hello"u8);
        decryptor.Decrypt(packet);

        Assert.Throws<NoiseMessageAuthenticationException>(() => decryptor.Decrypt(packet));
    }

    [Fact]
    public void The_body_cannot_be_decrypted_before_its_length()
    {
        using var decryptor = NewDecryptor();
        Assert.Throws<InvalidOperationException>(() => decryptor.DecryptBody(new byte[16], []));
    }

    [Fact]
    public void The_body_must_be_exactly_the_announced_length_plus_its_MAC()
    {
        using var encryptor = NewEncryptor();
        using var decryptor = NewDecryptor();
        var packet = encryptor.Encrypt("hello"u8);
        decryptor.DecryptLength(packet.AsSpan(0, 18));

        Assert.Throws<ArgumentException>(() => decryptor.DecryptBody(packet.AsSpan(18, 20), new byte[4]));
    }
}
