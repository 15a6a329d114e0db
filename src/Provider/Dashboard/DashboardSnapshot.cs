namespace Microchannels.Provider.Dashboard;

/// <summary>What the page shows at one instant; sent as JSON on every server-sent event.</summary>
public sealed record DashboardSnapshot(
    long TimeMs,
    string Network,
    ChainView Chain,
    TotalsView Totals,
    IReadOnlyList<ChannelView> Channels);

/// <summary>The chain as the node follows it.</summary>
public sealed record ChainView(int Height, bool Synced, bool Reachable, string? LastError);

/// <summary>Sums over every channel the node holds.</summary>
public sealed record TotalsView(int Channels, int Open, ulong ReceivedMsat, ulong SentMsat, ulong InChannelsMsat, ulong EnergyWh, double PowerWatts);

/// <summary>One channel: its meter, state, balances, energy and payments, and its plot (an SVG rendered here).</summary>
public sealed record ChannelView(
    string ChannelId,
    string Meter,
    string State,
    bool Connected,
    ulong CapacitySat,
    ulong BalanceMsat,
    ulong MeterBalanceMsat,
    ulong EnergyWh,
    ulong ReceivedMsat,
    ulong SentMsat,
    ulong Transfers,
    double PowerWatts,
    string Plot);
