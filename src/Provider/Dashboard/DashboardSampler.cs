using Microchannels.Provider.Configuration;
using Microchannels.Provider.Journal;
using Microchannels.Provider.Node;

namespace Microchannels.Provider.Dashboard;

/// <summary>
/// Reads the node every interval (its channels, the journal's totals, the chain it follows),
/// keeps each channel's recent energy and payments for the plots, and publishes one
/// <see cref="DashboardSnapshot"/> per interval to every open page. Read-only: it calls nothing
/// that changes the node.
/// </summary>
public sealed class DashboardSampler(DashboardOptions options, ProviderNodeHost host, TransferJournal journal, ProviderSettings settings, TimeProvider time) : BackgroundService
{
    /// <summary>The window power is averaged over: whole watt-hours make single intervals jumpy.</summary>
    private static readonly TimeSpan PowerWindow = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, List<PlotPoint>> _history = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private DashboardSnapshot? _latest;
    private TaskCompletionSource<DashboardSnapshot> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The newest snapshot; null before the first interval.</summary>
    public DashboardSnapshot? Latest => Volatile.Read(ref _latest);

    /// <summary>Completes with the next snapshot.</summary>
    public Task<DashboardSnapshot> NextAsync()
    {
        lock (_gate)
        {
            return _next.Task;
        }
    }

    /// <summary>Takes one sample now (the background loop calls it every interval).</summary>
    public DashboardSnapshot Sample()
    {
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var channels = new List<ChannelView>();
        foreach (var stored in host.AllChannels())
        {
            var state = stored.State;
            string id = state.ChannelId.ToHex();
            var totals = journal.TotalsOf(state.ChannelId);
            ulong energy = totals.LastReceivedReading?.Reading.CumulativeWh ?? 0;
            var (local, remote) = ChannelFacts.BalancesMsat(state);
            var points = History(id);
            points.Add(new PlotPoint(now, energy, totals.ReceivedMsat - Math.Min(totals.ReceivedMsat, totals.SentMsat)));
            if (points.Count > DashboardOptions.HistoryLength)
            {
                points.RemoveAt(0);
            }

            double power = PowerOf(points);
            channels.Add(new ChannelView(
                id,
                stored.Meter.ToString(),
                ChannelFacts.StateOf(state).ToString(),
                ChannelFacts.Connected(state),
                ChannelFacts.CapacitySat(state),
                local,
                remote,
                energy,
                totals.ReceivedMsat,
                totals.SentMsat,
                totals.Count,
                power,
                PlotSvg.Render(points, PowerWindow)));
        }

        var open = host.AllChannels().Where(c => ChannelFacts.IsOpen(c.State)).ToList();
        var (received, sent) = journal.GrandTotals();
        var chain = host.Chain;
        var snapshot = new DashboardSnapshot(
            now,
            settings.Network,
            new ChainView(chain.Tip?.Height ?? 0, chain.Synced, chain.Reachable, chain.LastError),
            new TotalsView(
                channels.Count,
                open.Count,
                received,
                sent,
                (ulong)open.Sum(c => (decimal)ChannelFacts.BalancesMsat(c.State).Local),
                (ulong)channels.Sum(c => (decimal)c.EnergyWh),
                channels.Sum(c => c.PowerWatts)),
            channels);
        TaskCompletionSource<DashboardSnapshot> done;
        lock (_gate)
        {
            Volatile.Write(ref _latest, snapshot);
            done = _next;
            _next = new TaskCompletionSource<DashboardSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        done.SetResult(snapshot);
        return snapshot;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Interval, time);
        try
        {
            do
            {
                Sample();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Average power over the last <see cref="PowerWindow"/>: watt-hours over hours.</summary>
    internal static double PowerOf(IReadOnlyList<PlotPoint> points, int end = -1)
    {
        end = end < 0 ? points.Count - 1 : end;
        int start = end;
        while (start > 0 && points[end].TimeMs - points[start - 1].TimeMs <= PowerWindow.TotalMilliseconds)
        {
            start--;
        }

        long ms = points[end].TimeMs - points[start].TimeMs;
        return ms <= 0 ? 0 : (points[end].EnergyWh - points[start].EnergyWh) * 3_600_000.0 / ms;
    }

    private List<PlotPoint> History(string channelId)
    {
        if (!_history.TryGetValue(channelId, out var points))
        {
            points = [];
            _history[channelId] = points;
        }

        return points;
    }
}

/// <summary>One sample of a channel: when, the meter's cumulative energy, and the net paid to the provider.</summary>
public readonly record struct PlotPoint(long TimeMs, ulong EnergyWh, ulong PaidMsat);
