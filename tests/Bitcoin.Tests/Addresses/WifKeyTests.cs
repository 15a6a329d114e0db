using Microchannels.Bitcoin.Addresses;

namespace Microchannels.Bitcoin.Tests.Addresses;

public class WifKeyTests
{
    // key_io_valid.json: a mainnet compressed key and a testnet uncompressed one.
    private const string MainCompressed = "L5nJeqKmpHp4P7F8ZYyjwc5a7P4d8EabuGAzfGJk7yC1BJyzNaEd";
    private const string MainCompressedSecret = "ff778740f88ddcf102aeb81daee289c044c4a4571c4b6f287400f4b8e0b843f8";
    private const string TestUncompressed = "92ZdE5HoLafywnTBbzPxbvRmp75pSfzvdU3XaZGh1cToipgdHVh";

    [Fact]
    public void Compression_flag_other_than_01_is_rejected()
    {
        var payload = WifPayload(0x80, 0x02);
        var ex = Assert.Throws<AddressFormatException>(() => WifKey.Parse(Base58Check.Encode(payload)));
        Assert.Equal("invalid WIF compression flag 0x02 (must be 0x01)", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(35)]
    [InlineData(40)]
    public void Payload_of_the_wrong_length_is_rejected(int length)
    {
        // All zeroes: Base58 writes each as one '1', so even 35 bytes stay under the length cap.
        var payload = new byte[length];
        var ex = Assert.Throws<AddressFormatException>(() => WifKey.Parse(Base58Check.Encode(payload)));
        Assert.StartsWith("WIF payload must be 33 or 34 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x05)]
    [InlineData(0x6f)]
    [InlineData(0x81)]
    public void Unknown_prefix_is_rejected(byte prefix)
    {
        var ex = Assert.Throws<AddressFormatException>(() => WifKey.Parse(Base58Check.Encode(WifPayload(prefix, 0x01))));
        Assert.Equal($"version byte 0x{prefix:x2} is not a WIF secret key prefix", ex.Message);
    }

    [Fact]
    public void Key_of_another_network_is_rejected()
    {
        var ex = Assert.Throws<AddressFormatException>(() => WifKey.Parse(MainCompressed, Network.Testnet));
        Assert.Equal("version byte 0x80 is not the WIF prefix (0xef) of network test", ex.Message);
        Assert.Throws<AddressFormatException>(() => WifKey.Parse(TestUncompressed, Network.Main));
        Assert.Same(Network.Regtest, WifKey.Parse(TestUncompressed, Network.Regtest).Network);
    }

    [Fact]
    public void Bad_checksum_is_rejected()
    {
        var altered = MainCompressed[..^1] + (MainCompressed[^1] == 'd' ? 'e' : 'd');
        var ex = Assert.Throws<AddressFormatException>(() => WifKey.Parse(altered));
        Assert.Equal("invalid base58check checksum", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("L5nJeqKmpHp4P7F8ZYyjwc5a7P4d8EabuGAzfGJk7yC1BJyzNaEd1")]
    [InlineData("L5nJeqKmpHp4P7F8ZYyjwc5a7P4d8EabuGAzfGJk7yC1BJyzNaE0")]
    [InlineData("L5nJeqKmpHp4P7F8ZYyjwc5a7P4d8EabuGAzfGJk7yC1BJyzNaE\u00e9")]
    public void Malformed_text_is_rejected(string text)
    {
        Assert.Throws<AddressFormatException>(() => WifKey.Parse(text));
        Assert.False(WifKey.TryParse(text, null, out var key));
        Assert.Null(key);
    }

    [Fact]
    public void Overlong_text_is_rejected_before_decoding()
    {
        var ex = Assert.Throws<AddressFormatException>(() => WifKey.Parse(new string('z', 100_000)));
        Assert.StartsWith("WIF key too long", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_is_copied_and_to_string_does_not_reveal_it()
    {
        var secret = Convert.FromHexString(MainCompressedSecret);
        var key = new WifKey(Network.Main, secret, isCompressed: true);
        secret[0] ^= 0xff;

        Assert.Equal(MainCompressedSecret, Convert.ToHexStringLower(key.Secret));
        Assert.Equal(MainCompressed, key.Encode());
        Assert.Equal("WifKey(main, compressed)", key.ToString());
        Assert.DoesNotContain(MainCompressed, key.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    public void Constructor_rejects_a_secret_that_is_not_32_bytes(int length)
    {
        Assert.Throws<ArgumentException>(() => new WifKey(Network.Main, new byte[length], true));
    }

    [Fact]
    public void Null_input_is_an_argument_error()
    {
        Assert.Throws<ArgumentNullException>(() => WifKey.Parse(null!));
        Assert.False(WifKey.TryParse(null, Network.Main, out _));
    }

    private static byte[] WifPayload(byte prefix, byte flag)
    {
        var payload = new byte[34];
        payload[0] = prefix;
        payload[1] = 1;
        payload[33] = flag;
        return payload;
    }
}
