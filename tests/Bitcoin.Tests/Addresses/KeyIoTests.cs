using Microchannels.Bitcoin.Addresses;

namespace Microchannels.Bitcoin.Tests.Addresses;

/// <summary>Bitcoin Core's key_io vectors, checked as its key_io_tests.cpp checks them.</summary>
public class KeyIoTests
{
    [Fact]
    public void Every_row_of_both_files_is_a_test_case()
    {
        Assert.Equal(70, KeyIoVectors.ValidRows().Count);
        Assert.Equal(KeyIoVectors.ValidRows().Count, Rows(KeyIoVectors.ValidAddresses) + Rows(KeyIoVectors.ValidPrivateKeys));
        Assert.Equal(70, KeyIoVectors.InvalidRows().Count);
        Assert.Equal(KeyIoVectors.InvalidRows().Distinct().Count(), Rows(KeyIoVectors.Invalid));
    }

    [Theory]
    [MemberData(nameof(KeyIoVectors.ValidAddresses), MemberType = typeof(KeyIoVectors))]
    public void Valid_address_decodes_to_its_script_and_back(string address, string scriptHex, string chain, bool tryCaseFlip)
    {
        var network = Network.FromName(chain);

        Assert.Equal(scriptHex, Convert.ToHexStringLower(BitcoinAddress.ToScriptPubKey(address, network)));
        Assert.True(BitcoinAddress.TryParse(address, network, out var script));
        Assert.Equal(scriptHex, Convert.ToHexStringLower(script));
        Assert.Equal(address, BitcoinAddress.FromScriptPubKey(Convert.FromHexString(scriptHex), network));

        // key_io_tests.cpp: the case-flipped string decodes to the same script exactly when
        // tryCaseFlip is set (Bech32), and is invalid otherwise (Base58 is case-sensitive).
        var flipped = FlipCase(address);
        if (tryCaseFlip)
        {
            Assert.Equal(scriptHex, Convert.ToHexStringLower(BitcoinAddress.ToScriptPubKey(flipped, network)));
        }
        else
        {
            Assert.False(BitcoinAddress.TryParse(flipped, network, out _));
            Assert.Throws<AddressFormatException>(() => BitcoinAddress.ToScriptPubKey(flipped, network));
        }

        // "Public key must be invalid private key."
        Assert.False(WifKey.TryParse(address, network, out _));
        Assert.Throws<AddressFormatException>(() => WifKey.Parse(address, network));
    }

    [Theory]
    [MemberData(nameof(KeyIoVectors.ValidPrivateKeys), MemberType = typeof(KeyIoVectors))]
    public void Valid_private_key_decodes_to_its_secret_and_back(string wif, string secretHex, string chain, bool isCompressed)
    {
        var network = Network.FromName(chain);

        var key = WifKey.Parse(wif, network);
        Assert.Equal(secretHex, Convert.ToHexStringLower(key.Secret));
        Assert.Equal(isCompressed, key.IsCompressed);
        Assert.Same(network, key.Network);
        Assert.Equal(wif, key.Encode());
        Assert.Equal(wif, new WifKey(network, Convert.FromHexString(secretHex), isCompressed).Encode());

        // Without a network the prefix decides; testnet, signet and regtest share 0xef.
        var inferred = WifKey.Parse(wif);
        Assert.Same(chain == "main" ? Network.Main : Network.Testnet, inferred.Network);
        Assert.Equal(secretHex, Convert.ToHexStringLower(inferred.Secret));

        // "Private key must be invalid public key."
        Assert.False(BitcoinAddress.TryParse(wif, network, out _));
        Assert.Throws<AddressFormatException>(() => BitcoinAddress.ToScriptPubKey(wif, network));
    }

    [Theory]
    [MemberData(nameof(KeyIoVectors.Invalid), MemberType = typeof(KeyIoVectors))]
    public void Invalid_string_is_neither_an_address_nor_a_key_on_any_network(string text)
    {
        foreach (var network in Network.All)
        {
            Assert.False(BitcoinAddress.TryParse(text, network, out _), $"address on {network}");
            Assert.Throws<AddressFormatException>(() => BitcoinAddress.ToScriptPubKey(text, network));
            Assert.False(WifKey.TryParse(text, network, out _), $"WIF on {network}");
            Assert.Throws<AddressFormatException>(() => WifKey.Parse(text, network));
        }

        Assert.Throws<AddressFormatException>(() => WifKey.Parse(text));
    }

    private static int Rows(IEnumerable<object?[]> rows) => rows.Count();

    private static string FlipCase(string text) =>
        string.Concat(text.Select(c => char.IsAsciiLetterLower(c) ? char.ToUpperInvariant(c)
            : char.IsAsciiLetterUpper(c) ? char.ToLowerInvariant(c) : c));
}
