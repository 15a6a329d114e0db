using Microchannels.Bitcoin;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Tests.Rpc;

public sealed class BlockHashTests
{
    // The regtest genesis block (Bitcoin Core kernel/chainparams.cpp, CRegTestParams).
    private const string RegtestGenesis = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206";

    private const string RegtestGenesisHeader =
        "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4adae5494dffff7f2002000000";

    [Fact]
    public void The_hash_of_a_header_is_its_double_sha256_shown_reversed()
    {
        Assert.Equal(BlockHash.Parse(RegtestGenesis), BlockHash.OfHeader(Convert.FromHexString(RegtestGenesisHeader)));
    }

    [Fact]
    public void Parse_normalises_case_and_round_trips()
    {
        BlockHash hash = BlockHash.Parse(RegtestGenesis.ToUpperInvariant());

        Assert.Equal(RegtestGenesis, hash.ToString());
        Assert.Equal(BlockHash.Parse(RegtestGenesis), hash);
    }

    [Fact]
    public void ToBytes_is_internal_order()
    {
        byte[] bytes = BlockHash.Parse(RegtestGenesis).ToBytes();

        Assert.Equal(0x06, bytes[0]);
        Assert.Equal(0x0f, bytes[31]);
    }

    [Fact]
    public void Default_equals_the_all_zero_hash()
    {
        Assert.Equal(BlockHash.Parse(new string('0', 64)), default);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e22")]
    [InlineData("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e220600")]
    [InlineData("zz9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206")]
    public void Malformed_hex_is_a_bitcoin_format_exception(string text)
    {
        Assert.Throws<BitcoinFormatException>(() => BlockHash.Parse(text));
    }

    [Fact]
    public void A_header_shorter_than_80_bytes_is_a_bitcoin_format_exception()
    {
        Assert.Throws<BitcoinFormatException>(() => BlockHash.OfHeader(new byte[79]));
    }
}
