using Microchannels.Bitcoin;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening;

/// <summary>
/// What this node offers and accepts when a channel is opened (BOLT 2 "Channel
/// Establishment v1"). The bounds decide which of the peer's <c>open_channel</c> /
/// <c>accept_channel</c> values we accept; the rest are the values we announce.
/// Defaults suit a meter channel on regtest. A record can be changed with
/// <c>with</c>, which skips any constructor, so every transition calls
/// <see cref="Validate"/> before using a policy.
/// </summary>
public sealed record ChannelAcceptancePolicy
{
    /// <summary>BOLT 2: "dust_limit_satoshis is smaller than 354 satoshis" fails the channel (BOLT 3 "Dust Limits").</summary>
    public static readonly Satoshis SpecMinimumDustLimit = new(354);

    /// <summary>
    /// BOLT 2: without option_support_large_channel, funding_satoshis stays below 2^24.
    /// We do not advertise that feature (Features.LocalDefault).
    /// </summary>
    public static readonly Satoshis SpecMaximumFunding = new((1L << 24) - 1);

    /// <summary>BOLT 2: "max_accepted_htlcs is greater than 483" fails the channel.</summary>
    public const ushort SpecMaximumAcceptedHtlcs = 483;

    public static ChannelAcceptancePolicy Default { get; } = new();

    /// <summary>The only chain we open channels on (BOLT 2: an unknown chain_hash fails the channel).</summary>
    public ChainHash ChainHash { get; init; } = ChainHash.Regtest;

    public Satoshis MinFundingAmount { get; init; } = new(20_000);

    public Satoshis MaxFundingAmount { get; init; } = SpecMaximumFunding;

    /// <summary>The reserve we require the peer to keep, as a percentage of the funding (BOLT 2 rationale suggests 1%), at least both dust limits.</summary>
    public int ChannelReservePercent { get; init; } = 1;

    /// <summary>The largest reserve the peer may require us to keep, as a percentage of the funding.</summary>
    public int MaxChannelReservePercent { get; init; } = 5;

    /// <summary>Our dust_limit_satoshis. As accepter we lower it to the opener's reserve if needed (BOLT 2: ours "MUST" be at most theirs).</summary>
    public Satoshis DustLimit { get; init; } = new(546);

    /// <summary>The lowest dust_limit_satoshis we accept from the peer: never below BOLT 2's 354.</summary>
    public Satoshis MinDustLimit { get; init; } = SpecMinimumDustLimit;

    /// <summary>The highest dust_limit_satoshis we accept (BOLT 2 rationale: a large one enables griefing).</summary>
    public Satoshis MaxDustLimit { get; init; } = new(10_000);

    /// <summary>The to_self_delay we impose on the peer's own outputs, in blocks.</summary>
    public ushort ToSelfDelay { get; init; } = 144;

    /// <summary>The longest to_self_delay we let the peer impose on our own outputs.</summary>
    public ushort MaxToSelfDelay { get; init; } = 2016;

    /// <summary>The confirmations we require of the funding transaction (sent as accepter in accept_channel). We never run zero-conf.</summary>
    public uint MinimumDepth { get; init; } = 3;

    /// <summary>The largest minimum_depth we accept as opener (BOLT 2: "if minimum_depth is unreasonably large: MAY fail the channel").</summary>
    public uint MaxMinimumDepth { get; init; } = 144;

    /// <summary>The lowest feerate_per_kw we accept: never below the relay floor, or commitment 0 would not propagate.</summary>
    public FeeratePerKw MinFeerate { get; init; } = FeeratePerKw.MinimumRelay;

    /// <summary>The highest feerate_per_kw we accept (BOLT 2: "unreasonably large" fails the channel).</summary>
    public FeeratePerKw MaxFeerate { get; init; } = new(50_000);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(ChainHash);
        Require(MinFundingAmount.Value > 0, nameof(MinFundingAmount), "must be positive");
        Require(MinFundingAmount <= MaxFundingAmount, nameof(MinFundingAmount), $"must not exceed {nameof(MaxFundingAmount)}");
        Require(MaxFundingAmount <= SpecMaximumFunding, nameof(MaxFundingAmount), "must stay below 2^24 sat without option_support_large_channel");
        Require(MaxChannelReservePercent is >= 1 and <= 10, nameof(MaxChannelReservePercent), "must be between 1 and 10");
        Require(ChannelReservePercent >= 1 && ChannelReservePercent <= MaxChannelReservePercent, nameof(ChannelReservePercent), $"must be between 1 and {nameof(MaxChannelReservePercent)}");
        Require(MinDustLimit >= SpecMinimumDustLimit, nameof(MinDustLimit), "must be at least 354 sat (BOLT 2)");
        Require(MinDustLimit <= MaxDustLimit, nameof(MinDustLimit), $"must not exceed {nameof(MaxDustLimit)}");
        Require(DustLimit >= MinDustLimit && DustLimit <= MaxDustLimit, nameof(DustLimit), $"must lie within [{nameof(MinDustLimit)}, {nameof(MaxDustLimit)}]");
        Require(ToSelfDelay >= 1 && ToSelfDelay <= MaxToSelfDelay, nameof(ToSelfDelay), $"must be between 1 and {nameof(MaxToSelfDelay)}");
        Require(MinimumDepth >= 1 && MinimumDepth <= MaxMinimumDepth, nameof(MinimumDepth), $"must be between 1 and {nameof(MaxMinimumDepth)}");
        Require(MinFeerate >= FeeratePerKw.MinimumRelay, nameof(MinFeerate), "must be at least the 253 sat/kw relay floor");
        Require(MinFeerate <= MaxFeerate, nameof(MinFeerate), $"must not exceed {nameof(MaxFeerate)}");
    }

    /// <summary>The reserve we require of the peer: our percentage of the funding, but never below either dust limit (BOLT 2 rationale).</summary>
    internal Satoshis LocalReserve(Satoshis funding, Satoshis localDust, Satoshis remoteDust) =>
        new(Math.Max(funding.Value * ChannelReservePercent / 100, Math.Max(localDust.Value, remoteDust.Value)));

    /// <summary>The largest reserve the peer may require of us for this funding.</summary>
    internal Satoshis MaxRemoteReserve(Satoshis funding) => new(funding.Value * MaxChannelReservePercent / 100);

    private static void Require(bool condition, string setting, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"{nameof(ChannelAcceptancePolicy)}.{setting} {rule}.", setting);
        }
    }
}
