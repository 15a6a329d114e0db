using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Opening;

namespace Microchannels.Channels.Tests.Engine.Opening;

/// <summary>A policy that contradicts BOLT 2 or itself is refused before any message is read or sent.</summary>
public class ChannelAcceptancePolicyTests
{
    public static TheoryData<string> InvalidSettings =>
    [
        nameof(ChannelAcceptancePolicy.MinFundingAmount),
        nameof(ChannelAcceptancePolicy.MaxFundingAmount),
        nameof(ChannelAcceptancePolicy.MaxChannelReservePercent),
        nameof(ChannelAcceptancePolicy.ChannelReservePercent),
        nameof(ChannelAcceptancePolicy.MinDustLimit),
        nameof(ChannelAcceptancePolicy.DustLimit),
        nameof(ChannelAcceptancePolicy.ToSelfDelay),
        nameof(ChannelAcceptancePolicy.MinimumDepth),
        nameof(ChannelAcceptancePolicy.MinFeerate),
    ];

    [Fact]
    public void Defaults_are_valid_and_regtest_friendly()
    {
        var policy = ChannelAcceptancePolicy.Default;
        policy.Validate();
        Assert.Equal(Microchannels.Channels.Wire.ChainHash.Regtest, policy.ChainHash);
        Assert.Equal(3U, policy.MinimumDepth);
        Assert.Equal(new Satoshis(354), policy.MinDustLimit);
        Assert.Equal((ushort)2016, policy.MaxToSelfDelay);
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Inconsistent_setting_is_named_in_the_error(string setting)
    {
        var policy = Break(setting);

        var error = Assert.Throws<ArgumentException>(policy.Validate);

        Assert.Equal(setting, error.ParamName);
    }

    [Fact]
    public void Transitions_refuse_an_invalid_policy()
    {
        using var fixture = new OpeningFixture();
        var (meter, open) = fixture.Start();
        var (_, accept) = fixture.Accept(open);
        var broken = Break(nameof(ChannelAcceptancePolicy.MinDustLimit));

        Assert.Throws<ArgumentException>(() => ChannelEstablishment.AccepterReceiveOpenChannel(open, broken, fixture.Pair.ProviderSigner));
        Assert.Throws<ArgumentException>(() => meter.ReceiveAcceptChannel(accept, broken));
        Assert.Throws<ArgumentException>(() => ChannelEstablishment.OpenerStart(fixture.TemporaryChannelId, OpeningFixture.Funding, default, OpeningFixture.Feerate, fixture.Pair.MeterReadingKey.PublicKey, fixture.Pair.MeterSigner, broken));
    }

    private static ChannelAcceptancePolicy Break(string setting)
    {
        var p = ChannelAcceptancePolicy.Default;
        return setting switch
        {
            nameof(p.MinFundingAmount) => p with { MinFundingAmount = Satoshis.Zero },
            nameof(p.MaxFundingAmount) => p with { MaxFundingAmount = new Satoshis(1L << 24) },
            nameof(p.MaxChannelReservePercent) => p with { MaxChannelReservePercent = 11 },
            nameof(p.ChannelReservePercent) => p with { ChannelReservePercent = 6 },
            nameof(p.MinDustLimit) => p with { MinDustLimit = new Satoshis(353) },
            nameof(p.DustLimit) => p with { DustLimit = new Satoshis(10_001) },
            nameof(p.ToSelfDelay) => p with { ToSelfDelay = 2017 },
            nameof(p.MinimumDepth) => p with { MinimumDepth = 0 },
            nameof(p.MinFeerate) => p with { MinFeerate = new FeeratePerKw(252) },
            _ => throw new ArgumentException(setting, nameof(setting)),
        };
    }
}
