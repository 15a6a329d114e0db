namespace Microchannels.Demo.Run;

/// <summary>The part of meterd's GET /status report (src/Meter/Daemon/Status/MeterStatus.cs) the demo shows.</summary>
internal sealed record MeterReport
{
    public string NodeId { get; init; } = "";

    public string Phase { get; init; } = "";

    public EnergyReport Energy { get; init; } = new();

    public PaymentsReport Payments { get; init; } = new();

    public RelayReport Relay { get; init; } = new();

    public ChannelReport Channel { get; init; } = new();

    public WalletReport? Wallet { get; init; }
}

internal sealed record EnergyReport
{
    public ulong ImportWh { get; init; }

    public double? PowerWatts { get; init; }
}

internal sealed record PaymentsReport
{
    public ulong PaidMsat { get; init; }

    public ulong? InFlightMsat { get; init; }

    public string? NotPayingBecause { get; init; }

    public DateTimeOffset? LastAcknowledgement { get; init; }
}

internal sealed record RelayReport
{
    public bool On { get; init; }

    public string Reason { get; init; } = "";
}

internal sealed record ChannelReport
{
    public string State { get; init; } = "";

    public string? ChannelId { get; init; }

    public bool Connected { get; init; }

    public ulong? BalanceMsat { get; init; }
}

internal sealed record WalletReport
{
    public string Address { get; init; } = "";

    public ulong BalanceSat { get; init; }
}
