namespace Microchannels.Meter.Daemon.Status;

/// <summary>The daemon's report (issue 11: energy, paid, balance, relay state, channel state, last acknowledgement), served as JSON.</summary>
public sealed record MeterStatus
{
    public required string NodeId { get; init; }

    public required string Provider { get; init; }

    /// <summary>starting, funding, opening, streaming, closing, closing on chain, closed.</summary>
    public required string Phase { get; init; }

    public required EnergyStatus Energy { get; init; }

    public required PaymentsStatus Payments { get; init; }

    public required RelayStatus Relay { get; init; }

    public required ChannelStatus Channel { get; init; }

    public WalletStatus? Wallet { get; init; }

    public ChainStatusReport? Chain { get; init; }
}

public sealed record EnergyStatus
{
    public ulong ImportWh { get; init; }

    public ulong ExportWh { get; init; }

    /// <summary>The source's register now, in its own units (pulses for S0).</summary>
    public ulong? RegisterUnits { get; init; }

    public uint? UnitsPerKwh { get; init; }

    public double? PowerWatts { get; init; }
}

public sealed record PaymentsStatus
{
    /// <summary>What the energy taken is worth (energy × tariff, exact).</summary>
    public ulong OwedMsat { get; init; }

    /// <summary>The import price in force now (msat per Wh), or null while no tariff is (none yet, or refused).</summary>
    public ulong? PriceMsatPerWh { get; init; }

    /// <summary>What the meter handed to its channels.</summary>
    public ulong SentMsat { get; init; }

    /// <summary>What the provider acknowledged.</summary>
    public ulong PaidMsat { get; init; }

    public ulong? InFlightMsat { get; init; }

    public string? NotPayingBecause { get; init; }

    public DateTimeOffset? LastAcknowledgement { get; init; }
}

public sealed record RelayStatus
{
    public bool On { get; init; }

    public required string Reason { get; init; }
}

public sealed record ChannelStatus
{
    public required string State { get; init; }

    public string? ChannelId { get; init; }

    public string? FundingOutpoint { get; init; }

    public bool Connected { get; init; }

    public ulong? CapacitySat { get; init; }

    /// <summary>The meter's balance in its latest local commitment.</summary>
    public ulong? BalanceMsat { get; init; }

    public ulong? RemoteBalanceMsat { get; init; }

    /// <summary>The last reading the channel committed (covered by both signatures).</summary>
    public ReadingStatus? CommittedReading { get; init; }

    /// <summary>The close seen on chain (BOLT 5), once the funding output is spent.</summary>
    public OnChainCloseStatus? OnChain { get; init; }
}

/// <summary>A close on chain: what spent the funding output, the meter's claim on it, and what ends up the meter's.</summary>
/// <param name="Kind">The spend's kind: mutual close, our commitment, theirs, or a revoked one of theirs (a breach).</param>
/// <param name="SpendingTxId">The transaction that spent the funding output.</param>
/// <param name="ClaimTxId">Our sweep of the delayed to_local output, or the penalty; null when there is nothing to claim.</param>
/// <param name="OurAmountSat">What ends up the meter's, after the claim's fee.</param>
/// <param name="SpendingDepth">Confirmations of the spending transaction (0: not in a block).</param>
/// <param name="ClaimDepth">Confirmations of the claim.</param>
public sealed record OnChainCloseStatus(string Kind, string SpendingTxId, string? ClaimTxId, ulong OurAmountSat, uint SpendingDepth, uint ClaimDepth);

public sealed record ReadingStatus(ulong CumulativeWh, ulong PulseCount, ulong Timestamp);

public sealed record WalletStatus
{
    public required string Address { get; init; }

    public ulong BalanceSat { get; init; }
}

public sealed record ChainStatusReport
{
    public bool Reachable { get; init; }

    public bool Synced { get; init; }

    public int? Height { get; init; }
}
