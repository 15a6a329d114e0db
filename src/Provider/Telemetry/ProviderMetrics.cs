using System.Diagnostics.Metrics;
using Grpc.Core;

namespace Microchannels.Provider.Telemetry;

/// <summary>
/// The daemon's instruments (System.Diagnostics.Metrics, exported through OpenTelemetry's
/// Prometheus endpoint): transfers and msat by direction, channels by state, state writes per
/// fsync of the channel store, journal commits, and API calls by method and status.
/// </summary>
public sealed class ProviderMetrics : IDisposable
{
    public const string MeterName = "Microchannels.Provider";

    private readonly Meter _meter;
    private readonly Counter<long> _transfers;
    private readonly Counter<long> _msat;
    private readonly Counter<long> _apiCalls;

    public ProviderMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _transfers = _meter.CreateCounter<long>("microchannels.transfers", "{transfer}", "Transfers irrevocably committed, by direction.");
        _msat = _meter.CreateCounter<long>("microchannels.transfer.amount", "msat", "Millisatoshis moved by committed transfers, by direction.");
        _apiCalls = _meter.CreateCounter<long>("microchannels.api.calls", "{call}", "gRPC API calls, by method and status code.");
    }

    public void Transfer(bool received, ulong amountMsat)
    {
        var direction = new KeyValuePair<string, object?>("direction", received ? "received" : "sent");
        _transfers.Add(1, direction);
        _msat.Add((long)amountMsat, direction);
    }

    public void ApiCall(string method, StatusCode status) =>
        _apiCalls.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("status", status.ToString()));

    /// <summary>Observes the node's live figures: channels by state, the store's writes per fsync, journal commits.</summary>
    public void Observe(Func<IEnumerable<(string State, int Count)>> channelsByState, Func<double> recordsPerFsync, Func<long> journalCommits)
    {
        ArgumentNullException.ThrowIfNull(channelsByState);
        _meter.CreateObservableGauge("microchannels.channels", () => channelsByState().Select(c => new Measurement<int>(c.Count, new KeyValuePair<string, object?>("state", c.State))), "{channel}", "Channels by state.");
        _meter.CreateObservableGauge("microchannels.store.writes_per_fsync", () => recordsPerFsync(), "{write}", "Channel state writes per durable commit of the channel store (group commit).");
        _meter.CreateObservableCounter("microchannels.journal.commits", () => journalCommits(), "{commit}", "Durable commits of the transfer journal.");
    }

    public void Dispose() => _meter.Dispose();
}
