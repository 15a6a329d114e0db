using Microchannels.Bitcoin.Addresses;

namespace Microchannels.Bitcoin.Tests.Addresses;

public class BitcoinAddressTests
{
    // key_io_valid.json rows.
    private const string MainP2pkh = "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo";
    private const string MainP2sh = "36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm";
    private const string TestP2pkh = "mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ";
    private const string MainP2wpkh = "bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv";

    [Fact]
    public void Empty_string_is_rejected()
    {
        var ex = Assert.Throws<AddressFormatException>(() => BitcoinAddress.ToScriptPubKey(string.Empty, Network.Main));
        Assert.Equal("empty address", ex.Message);
    }

    [Theory]
    [InlineData(91)]
    [InlineData(1_000_000)]
    public void Text_longer_than_any_address_is_rejected_before_decoding(int length)
    {
        var ex = Assert.Throws<AddressFormatException>(() => BitcoinAddress.ToScriptPubKey(new string('z', length), Network.Main));
        Assert.Equal($"address too long ({length} > 90 characters)", ex.Message);
    }

    [Fact]
    public void Base58_address_of_another_network_is_rejected()
    {
        var ex = Assert.Throws<AddressFormatException>(() => BitcoinAddress.ToScriptPubKey(MainP2pkh, Network.Testnet));
        Assert.Equal("version byte 0x00 is neither the P2PKH (0x6f) nor the P2SH (0xc4) prefix of network test", ex.Message);
        Assert.Throws<AddressFormatException>(() => BitcoinAddress.ToScriptPubKey(MainP2sh, Network.Regtest));
        Assert.Throws<AddressFormatException>(() => BitcoinAddress.ToScriptPubKey(TestP2pkh, Network.Main));
    }

    [Fact]
    public void Segwit_address_of_another_network_is_rejected_with_the_hrp_reason()
    {
        var ex = Assert.Throws<AddressFormatException>(() => BitcoinAddress.ToScriptPubKey(MainP2wpkh, Network.Testnet));
        Assert.Equal("invalid human-readable part 'bc': network test uses 'tb'", ex.Message);

        var testnet = BitcoinAddress.FromScriptPubKey(BitcoinAddress.ToScriptPubKey(MainP2wpkh, Network.Main), Network.Testnet);
        ex = Assert.Throws<AddressFormatException>(() => BitcoinAddress.ToScriptPubKey(testnet, Network.Regtest));
        Assert.Equal("invalid human-readable part 'tb': network regtest uses 'bcrt'", ex.Message);
    }

    [Fact]
    public void Mixed_case_segwit_address_is_rejected()
    {
        var ex = Assert.Throws<AddressFormatException>(() => BitcoinAddress.ToScriptPubKey("bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhV", Network.Main));
        Assert.Equal("mixed case", ex.Message);
    }

    [Fact]
    public void Base58_payload_that_is_not_21_bytes_is_rejected()
    {
        var ex = Assert.Throws<AddressFormatException>(() => BitcoinAddress.ToScriptPubKey(Base58Check.Encode(new byte[22]), Network.Main));
        Assert.Equal("base58 address payload must be 21 bytes, got 22", ex.Message);
        Assert.Throws<AddressFormatException>(() => BitcoinAddress.ToScriptPubKey(Base58Check.Encode(new byte[20]), Network.Main));
    }

    [Fact]
    public void Base58_address_with_a_bad_checksum_is_rejected()
    {
        var altered = MainP2pkh[..^1] + 'n';
        var ex = Assert.Throws<AddressFormatException>(() => BitcoinAddress.ToScriptPubKey(altered, Network.Main));
        Assert.Equal("invalid base58check checksum", ex.Message);
    }

    [Fact]
    public void Try_parse_reports_failure_without_throwing()
    {
        Assert.False(BitcoinAddress.TryParse(null, Network.Main, out var script));
        Assert.Null(script);
        Assert.False(BitcoinAddress.TryParse("not an address", Network.Main, out _));
        Assert.True(BitcoinAddress.TryParse(MainP2sh, Network.Main, out script));
        Assert.Equal("a914373b819a068f32b7a6b38b6b38729647cfde01c287", Convert.ToHexStringLower(script));
    }

    [Theory]
    [InlineData("", "empty script")]
    [InlineData("6a", "OP_RETURN")]
    [InlineData("210279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798ac", "P2PK")]
    [InlineData("76a914a31c06bd463e3923bc1aadbde48b16976c08071788ad", "P2PKH ending in OP_CHECKSIGVERIFY")]
    [InlineData("76a913a31c06bd463e3923bc1aadbde48b16976c080788ac", "P2PKH with a 19-byte push")]
    [InlineData("76a914a31c06bd463e3923bc1aadbde48b16976c08071788ac00", "P2PKH with a trailing byte")]
    [InlineData("a914373b819a068f32b7a6b38b6b38729647cfde01c288", "P2SH ending in OP_EQUALVERIFY")]
    [InlineData("0010751e76e8199196d454941c45d1b3a323", "v0 with a 16-byte program")]
    [InlineData("0015751e76e8199196d454941c45d1b3a323f1433bd600", "v0 with a 21-byte program")]
    [InlineData("5101aa", "v1 with a 1-byte program")]
    [InlineData("5129751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd600", "v1 with a 41-byte program")]
    [InlineData("4f02751e", "OP_1NEGATE as a version")]
    [InlineData("6102751e", "OP_NOP as a version")]
    [InlineData("0014751e76e8199196d454941c45d1b3a323f1433b", "push length larger than the rest")]
    [InlineData("51", "OP_1 alone")]
    [InlineData("00", "OP_0 alone")]
    public void Script_without_an_address_is_rejected(string scriptHex, string what)
    {
        var ex = Assert.Throws<AddressFormatException>(() => BitcoinAddress.FromScriptPubKey(Convert.FromHexString(scriptHex), Network.Main));
        Assert.True(ex.Message.StartsWith("script is not a P2PKH, P2SH or witness program template", StringComparison.Ordinal), what);
    }

    [Fact]
    public void Same_script_gets_each_networks_address()
    {
        var script = BitcoinAddress.ToScriptPubKey(MainP2pkh, Network.Main);
        Assert.Equal(MainP2pkh, BitcoinAddress.FromScriptPubKey(script, Network.Main));
        var test = BitcoinAddress.FromScriptPubKey(script, Network.Testnet);
        Assert.StartsWith("m", test, StringComparison.Ordinal);
        Assert.Equal(script, BitcoinAddress.ToScriptPubKey(test, Network.Signet));
        Assert.Equal(script, BitcoinAddress.ToScriptPubKey(test, Network.Regtest));
    }
}
