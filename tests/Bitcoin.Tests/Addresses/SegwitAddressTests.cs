using Microchannels.Bitcoin.Addresses;

namespace Microchannels.Bitcoin.Tests.Addresses;

public class SegwitAddressTests
{
    private const string MainP2wpkh = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
    private const string MainP2wpkhProgram = "751e76e8199196d454941c45d1b3a323f1433bd6";

    [Theory]
    [MemberData(nameof(Bip350Vectors.ValidSegwitAddresses), MemberType = typeof(Bip350Vectors))]
    public void Bip350_valid_address_gives_its_script_and_reencodes(string address, string scriptHex)
    {
        var parsed = SegwitAddress.Parse(address);

        Assert.Equal(scriptHex, Convert.ToHexStringLower(parsed.ToScriptPubKey()));
        Assert.Equal(address.ToLowerInvariant(), parsed.ToString());
        Assert.Equal(address.ToLowerInvariant(), BitcoinAddress.FromScriptPubKey(Convert.FromHexString(scriptHex), parsed.Network));
        Assert.Equal(Convert.FromHexString(scriptHex), BitcoinAddress.ToScriptPubKey(address, parsed.Network));
    }

    [Theory]
    [MemberData(nameof(Bip350Vectors.InvalidSegwitAddresses), MemberType = typeof(Bip350Vectors))]
    public void Bip350_invalid_address_is_rejected_for_its_stated_reason(string address, string bipReason, string expectedMessage) =>
        AssertInvalidAddress(address, bipReason, expectedMessage);

    /// <summary>BIP 173's invalid addresses stay invalid under BIP 350, and for the reasons BIP 173 gives.</summary>
    [Theory]
    [MemberData(nameof(Bip173Vectors.InvalidSegwitAddresses), MemberType = typeof(Bip173Vectors))]
    public void Bip173_invalid_address_is_rejected_for_its_stated_reason(string address, string bipReason, string expectedMessage) =>
        AssertInvalidAddress(address, bipReason, expectedMessage);

    [Theory]
    [MemberData(nameof(Bip173Vectors.SegwitAddresses), MemberType = typeof(Bip173Vectors))]
    public void Bip173_valid_address_is_judged_by_bip350(string address, string scriptHex, string? errorUnderBip350)
    {
        // BIP 350 replaces BIP 173 for addresses: v0 is unchanged, v1+ now needs Bech32m.
        if (errorUnderBip350 is null)
        {
            Assert.Equal(scriptHex, Convert.ToHexStringLower(SegwitAddress.Parse(address).ToScriptPubKey()));
        }
        else
        {
            var ex = Assert.Throws<AddressFormatException>(() => SegwitAddress.Parse(address));
            Assert.StartsWith(errorUnderBip350, ex.Message, StringComparison.Ordinal);

            // The same program does have a valid (Bech32m) address.
            var (hrp, data, _) = Bech32.Decode(address);
            var program = Bech32.ConvertBits(data.AsSpan(1), 5, 8, false);
            var reencoded = new SegwitAddress(Network.FromBech32Hrp(hrp)!, data[0], program);
            Assert.Equal(scriptHex, Convert.ToHexStringLower(reencoded.ToScriptPubKey()));
            Assert.Equal(reencoded, SegwitAddress.Parse(reencoded.ToString()));
        }
    }

    [Fact]
    public void Wrong_network_hrp_is_rejected()
    {
        var ex = Assert.Throws<AddressFormatException>(() => SegwitAddress.Parse(MainP2wpkh, Network.Testnet));
        Assert.Equal("invalid human-readable part 'bc': network test uses 'tb'", ex.Message);
        Assert.Throws<AddressFormatException>(() => SegwitAddress.Parse(MainP2wpkh, Network.Regtest));
        var testnet = new SegwitAddress(Network.Testnet, 0, Convert.FromHexString(MainP2wpkhProgram)).ToString();
        ex = Assert.Throws<AddressFormatException>(() => SegwitAddress.Parse(testnet, Network.Main));
        Assert.Equal("invalid human-readable part 'tb': network main uses 'bc'", ex.Message);
    }

    [Fact]
    public void Tb_hrp_is_testnet_unless_signet_is_expected()
    {
        const string address = "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7";
        Assert.Same(Network.Testnet, SegwitAddress.Parse(address).Network);
        Assert.Same(Network.Signet, SegwitAddress.Parse(address, Network.Signet).Network);
        Assert.Same(Network.Regtest, SegwitAddress.Parse("bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9").Network);
    }

    [Fact]
    public void Bech32m_checksum_on_version_0_is_rejected()
    {
        var address = EncodeRaw("bc", 0, Convert.FromHexString(MainP2wpkhProgram), Bech32Variant.Bech32m);
        var ex = Assert.Throws<AddressFormatException>(() => SegwitAddress.Parse(address));
        Assert.Equal("invalid checksum: witness version 0 requires bech32, not bech32m", ex.Message);
    }

    [Fact]
    public void Bech32_checksum_on_version_1_is_rejected()
    {
        var address = EncodeRaw("bc", 1, new byte[32], Bech32Variant.Bech32);
        var ex = Assert.Throws<AddressFormatException>(() => SegwitAddress.Parse(address));
        Assert.Equal("invalid checksum: witness version 1 requires bech32m, not bech32", ex.Message);
    }

    [Theory]
    [InlineData(1, 41)]
    [InlineData(16, 41)]
    [InlineData(1, 1)]
    [InlineData(0, 0)]
    public void Program_length_outside_2_to_40_is_rejected(int version, int length)
    {
        var address = EncodeRaw("bc", version, new byte[length], version == 0 ? Bech32Variant.Bech32 : Bech32Variant.Bech32m);
        var ex = Assert.Throws<AddressFormatException>(() => SegwitAddress.Parse(address));
        Assert.StartsWith($"invalid program length: {length} byte", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(19)]
    [InlineData(21)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(40)]
    public void Version_0_program_other_than_20_or_32_bytes_is_rejected(int length)
    {
        var address = EncodeRaw("bc", 0, new byte[length], Bech32Variant.Bech32);
        var ex = Assert.Throws<AddressFormatException>(() => SegwitAddress.Parse(address));
        Assert.StartsWith($"invalid program length for witness version 0: {length} bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_zero_padding_is_rejected()
    {
        // Version 1, then 4 groups = 20 bits: a 2-byte program and 4 padding bits "0001".
        var data = new byte[] { 1, 0, 0, 0, 1 };
        var address = Bech32.Encode("bc", data, Bech32Variant.Bech32m);
        var ex = Assert.Throws<AddressFormatException>(() => SegwitAddress.Parse(address));
        Assert.Equal("non-zero padding", ex.Message);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(31)]
    public void Witness_version_above_16_is_rejected(int version)
    {
        var address = EncodeRaw("bc", version, new byte[32], Bech32Variant.Bech32m);
        var ex = Assert.Throws<AddressFormatException>(() => SegwitAddress.Parse(address));
        Assert.Equal($"invalid witness version {version}", ex.Message);
    }

    [Fact]
    public void Every_version_from_1_to_16_round_trips_through_its_script()
    {
        var program = Enumerable.Range(1, 40).Select(i => (byte)i).ToArray();
        for (var version = 1; version <= 16; version++)
        {
            var address = new SegwitAddress(Network.Main, version, program);
            var script = address.ToScriptPubKey();
            Assert.Equal(0x50 + version, script[0]);
            Assert.Equal(40, script[1]);
            Assert.Equal(address, SegwitAddress.Parse(address.ToString()));
            Assert.Equal(address.ToString(), BitcoinAddress.FromScriptPubKey(script, Network.Main));
        }
    }

    [Fact]
    public void Constructor_rejects_what_no_address_can_carry()
    {
        Assert.Throws<ArgumentException>(() => new SegwitAddress(Network.Main, 17, new byte[20]));
        Assert.Throws<ArgumentException>(() => new SegwitAddress(Network.Main, -1, new byte[20]));
        Assert.Throws<ArgumentException>(() => new SegwitAddress(Network.Main, 0, new byte[21]));
        Assert.Throws<ArgumentException>(() => new SegwitAddress(Network.Main, 1, new byte[41]));
        Assert.Throws<ArgumentNullException>(() => new SegwitAddress(null!, 0, new byte[20]));
    }

    [Fact]
    public void Program_is_copied_on_construction()
    {
        var program = new byte[20];
        var address = new SegwitAddress(Network.Main, 0, program);
        program[0] = 1;
        Assert.Equal(0, address.Program.Span[0]);
    }

    [Fact]
    public void Equality_covers_network_version_and_program()
    {
        var a = new SegwitAddress(Network.Main, 1, new byte[32]);
        Assert.Equal(a, new SegwitAddress(Network.Main, 1, new byte[32]));
        Assert.Equal(a.GetHashCode(), new SegwitAddress(Network.Main, 1, new byte[32]).GetHashCode());
        Assert.NotEqual(a, new SegwitAddress(Network.Testnet, 1, new byte[32]));
        Assert.NotEqual(a, new SegwitAddress(Network.Main, 2, new byte[32]));
        Assert.NotEqual(a, new SegwitAddress(Network.Main, 1, Enumerable.Repeat((byte)1, 32).ToArray()));
    }

    [Fact]
    public void Try_parse_of_null_or_garbage_returns_false()
    {
        Assert.False(SegwitAddress.TryParse(null, null, out var none));
        Assert.Null(none);
        Assert.False(SegwitAddress.TryParse("bc1", Network.Main, out _));
        Assert.True(SegwitAddress.TryParse(MainP2wpkh, Network.Main, out var parsed));
        Assert.Equal(MainP2wpkhProgram, Convert.ToHexStringLower(parsed.Program.Span));
    }

    private static void AssertInvalidAddress(string address, string bipReason, string expectedMessage)
    {
        var ex = Assert.Throws<AddressFormatException>(() => SegwitAddress.Parse(address));
        Assert.True(ex.Message.StartsWith(expectedMessage, StringComparison.Ordinal), $"BIP reason '{bipReason}', got '{ex.Message}'");
        Assert.False(SegwitAddress.TryParse(address, null, out _));
        foreach (var network in Network.All)
        {
            Assert.False(BitcoinAddress.TryParse(address, network, out _));
        }
    }

    private static string EncodeRaw(string hrp, int version, byte[] program, Bech32Variant variant)
    {
        var fives = Bech32.ConvertBits(program, 8, 5, true);
        return Bech32.Encode(hrp, [(byte)version, .. fives], variant);
    }
}
