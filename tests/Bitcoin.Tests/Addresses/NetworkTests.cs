using Microchannels.Bitcoin.Addresses;

namespace Microchannels.Bitcoin.Tests.Addresses;

public class NetworkTests
{
    // Bitcoin Core chainparams.cpp: bech32_hrp and base58Prefixes for each chain.
    [Theory]
    [InlineData("main", "bc", 0x00, 0x05, 0x80)]
    [InlineData("test", "tb", 0x6f, 0xc4, 0xef)]
    [InlineData("signet", "tb", 0x6f, 0xc4, 0xef)]
    [InlineData("regtest", "bcrt", 0x6f, 0xc4, 0xef)]
    public void Network_has_bitcoin_core_prefixes(string name, string hrp, byte pubkeyPrefix, byte scriptPrefix, byte secretPrefix)
    {
        var network = Network.FromName(name);
        Assert.Equal(name, network.Name);
        Assert.Equal(name, network.ToString());
        Assert.Equal(hrp, network.Bech32Hrp);
        Assert.Equal(pubkeyPrefix, network.PubkeyAddressPrefix);
        Assert.Equal(scriptPrefix, network.ScriptAddressPrefix);
        Assert.Equal(secretPrefix, network.SecretKeyPrefix);
    }

    [Fact]
    public void Static_instances_are_the_named_ones()
    {
        Assert.Same(Network.Main, Network.FromName("main"));
        Assert.Same(Network.Testnet, Network.FromName("test"));
        Assert.Same(Network.Signet, Network.FromName("signet"));
        Assert.Same(Network.Regtest, Network.FromName("regtest"));
        Assert.Equal([Network.Main, Network.Testnet, Network.Signet, Network.Regtest], Network.All);
    }

    [Theory]
    [InlineData("")]
    [InlineData("mainnet")]
    [InlineData("Main")]
    [InlineData("testnet4")]
    public void Unknown_name_is_an_argument_error(string name)
    {
        Assert.Throws<ArgumentException>(() => Network.FromName(name));
    }
}
