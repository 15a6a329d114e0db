using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microchannels.Demo.Chains;
using Microchannels.Demo.Processes;
using Microchannels.Demo.View;
using Microchannels.Provider.Api.V1;
using Microchannels.Settlement.Regtest;
using Spectre.Console;

namespace Microchannels.Demo.Run;

/// <summary>
/// The demo from start to end: chain, provider, meters, funding and opening, streaming with
/// the live view, closing, and the report. Every child process is stopped on every way out.
/// </summary>
internal sealed class DemoRun(DemoOptions options, IAnsiConsole console, string runDirectory) : IAsyncDisposable
{
    private readonly List<ChildProcess> _children = [];
    private readonly List<MeterDaemon> _meters = [];
    private readonly CancellationTokenSource _minerStop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private DemoChain? _chain;
    private ProviderDaemon? _provider;
    private Task _miner = Task.CompletedTask;

    /// <summary>Every process the demo started (for the last-resort kill and the no-leftover check).</summary>
    public IReadOnlyList<int> ProcessIds
    {
        get
        {
            lock (_children)
            {
                return [.. _children.Select(c => c.Id).Concat(_chain?.ProcessIds ?? []).Distinct()];
            }
        }
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        Say($"Microchannels demo: {options.Meters} meters, {options.Seconds} s of payments every {options.Interval} s; data and logs in {runDirectory}");
        _chain = await ChainSelector.StartAsync(options.Chain, runDirectory, Say, Track, cancellationToken).ConfigureAwait(false);
        _miner = Task.Run(() => MineAsync(_minerStop.Token), CancellationToken.None);

        _provider = ProviderDaemon.Start(runDirectory, _chain.DaemonSettings, options.Interval);
        Track(_provider.Process);
        await _provider.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
        Say($"provider daemon (pid {_provider.Process.Id}): node {_provider.Address}, gRPC API https://127.0.0.1:{_provider.ApiPort}");
        await _provider.Client.SetTariffAsync(new SetTariffRequest { Tariff = new Microchannels.Provider.Api.V1.Tariff { BaseMsatPerWh = (long)Tariff.MsatPerWh } }, _provider.Connection.Unary(cancellationToken)).ConfigureAwait(false);

        for (int i = 0; i < options.Meters; i++)
        {
            var meter = MeterDaemon.Start(i, runDirectory, _provider.Address, _chain.DaemonSettings, options.Interval);
            _meters.Add(meter);
            Track(meter.Process);
        }

        foreach (var meter in _meters)
        {
            await meter.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
            Say($"{meter.Name} (pid {meter.Process.Id}): {meter.Profile.Label}, simulated {meter.Profile.Description}, node {meter.NodeId[..16]}...");
        }

        await FundAndOpenAsync(cancellationToken).ConfigureAwait(false);
        Say($"all {_meters.Count} channels open after {_clock.Elapsed.TotalSeconds:0} s. Dashboard: {_provider.DashboardUrl}");
        Say($"mcli: dotnet {Repository.McliDll} --rpcserver 127.0.0.1:{_provider.ApiPort} --datadir {_provider.DataDirectory} listchannels");

        if (options.Keep)
        {
            // Until Ctrl-C: the daemons stay up, channels open, for mcli and the dashboard.
            await StreamAsync(null, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        await StreamAsync(TimeSpan.FromSeconds(options.Seconds), cancellationToken).ConfigureAwait(false);
        var outcomes = await CloseAndReportAsync(cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(runDirectory, "summary.json"), JsonSerializer.Serialize(outcomes, SummaryJson.Options), cancellationToken).ConfigureAwait(false);
        bool good = outcomes.All(o => o.Problems.Count == 0);
        Say(good
            ? $"done in {_clock.Elapsed.TotalSeconds:0} s: every channel opened and closed on chain, and every balance adds up to the satoshi."
            : $"done in {_clock.Elapsed.TotalSeconds:0} s, with problems (above); logs in {Path.Combine(runDirectory, "logs")}");
        return good ? 0 : 1;
    }

    /// <summary>Stops the meters, then the provider, then the chain: each SIGTERM first, a kill after 20 s.</summary>
    public async ValueTask DisposeAsync()
    {
        await _minerStop.CancelAsync().ConfigureAwait(false);
        await _miner.ConfigureAwait(false);
        await Task.WhenAll(_meters.Select(m => m.DisposeAsync().AsTask())).ConfigureAwait(false);
        if (_provider is not null)
        {
            await _provider.DisposeAsync().ConfigureAwait(false);
        }

        if (_chain is not null)
        {
            await _chain.DisposeAsync().ConfigureAwait(false);
        }

        _minerStop.Dispose();
    }

    /// <summary>The last resort (process exit): kills whatever is still running.</summary>
    public void KillAll()
    {
        lock (_children)
        {
            foreach (var child in _children)
            {
                child.KillNow();
            }
        }
    }

    private void Track(ChildProcess child)
    {
        lock (_children)
        {
            _children.Add(child);
        }
    }

    private void Say(string line)
    {
        string at = string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,5:0.0} s] ");
        if (options.Plain)
        {
            console.WriteLine(at + line);
        }
        else
        {
            console.MarkupLine($"[grey]{Markup.Escape(at)}[/]{Markup.Escape(line)}");
        }
    }

    /// <summary>A block every interval, as a regtest developer would mine: confirmations for openings and closes.</summary>
    private async Task MineAsync(CancellationToken cancellationToken)
    {
        try
        {
            string address = (await _chain!.Wallet.GetNewAddressAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).ToString();
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(options.Interval), cancellationToken).ConfigureAwait(false);
                try
                {
                    await _chain.Wallet.GenerateToAddressAsync(1, address, cancellationToken).ConfigureAwait(false);
                }
                catch (Settlement.Rpc.BitcoindException)
                {
                    // The next interval tries again; the chain's own log says why.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (Settlement.Rpc.BitcoindException)
        {
            // The chain is gone: the demo is stopping or will report it.
        }
    }

    private async Task FundAndOpenAsync(CancellationToken cancellationToken)
    {
        foreach (var meter in _meters)
        {
            var asking = await meter.WaitForAsync(r => r.Phase == "funding" && r.Wallet is not null, "request for funds", TimeSpan.FromSeconds(180), cancellationToken).ConfigureAwait(false);
            var funded = await RegtestFunding.FundAddressAsync(_chain!.Wallet, asking.Wallet!.Address, new Bitcoin.Satoshis(Tariff.WalletFundingSat), cancellationToken).ConfigureAwait(false);
            Say($"{meter.Name}: wallet {asking.Wallet.Address} funded with {Tariff.WalletFundingSat:#,0} sat ({funded})");
        }

        foreach (var meter in _meters)
        {
            var open = await meter.WaitForAsync(r => r.Channel.State == "Normal" && r.Channel.Connected && r.Payments.PaidMsat > 0, "open channel and first acknowledged payment", TimeSpan.FromSeconds(180), cancellationToken).ConfigureAwait(false);
            var channel = await _provider!.Client.GetChannelAsync(new GetChannelRequest { MeterNodeId = meter.NodeId }, _provider.Connection.Unary(cancellationToken)).ConfigureAwait(false);
            Say($"{meter.Name}: channel {open.Channel.ChannelId} open, funding {channel.FundingOutpoint.Txid}:{channel.FundingOutpoint.OutputIndex}, {channel.CapacitySat:#,0} sat");
        }
    }

    /// <summary>Shows the meters and the node every interval for <paramref name="duration"/> (or until Ctrl-C when null).</summary>
    private async Task StreamAsync(TimeSpan? duration, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        NodeFigures? node = null;
        (ulong Commitments, TimeSpan At)? previous = null;
        TimeSpan? lastPlain = null;

        async Task RefreshAsync()
        {
            foreach (var child in _children)
            {
                if (child.HasExited && !child.Stopping)
                {
                    throw new DemoFailedException($"{child.Name} exited while streaming; its last lines:\n{child.Tail}");
                }
            }

            await Task.WhenAll(_meters.Select(m => m.ReadAsync(cancellationToken))).ConfigureAwait(false);
            var info = await _provider!.Client.GetInfoAsync(new GetInfoRequest(), _provider.Connection.Unary(cancellationToken)).ConfigureAwait(false);
            var channels = await _provider.ChannelsAsync(cancellationToken).ConfigureAwait(false);
            var sheet = await _provider.Client.GetBalanceSheetAsync(new GetBalanceSheetRequest(), _provider.Connection.Unary(cancellationToken)).ConfigureAwait(false);
            double? writes = await _provider.WritesPerFsyncAsync(cancellationToken).ConfigureAwait(false);
            ulong commitments = (ulong)channels.Sum(c => (decimal)c.LocalCommitmentNumber);
            var now = started.Elapsed;
            double? rate = previous is { } p && now > p.At ? (commitments - p.Commitments) / (now - p.At).TotalSeconds : null;
            previous = (commitments, now);
            node = new NodeFigures(rate, writes, info.BlockHeight, info.SyncedToChain, sheet.ReceivedMsat);
        }

        bool Done() => duration is { } d && started.Elapsed >= d;

        if (options.Plain)
        {
            while (!Done())
            {
                await RefreshAsync().ConfigureAwait(false);
                if (lastPlain is not { } last || started.Elapsed - last >= TimeSpan.FromSeconds(Math.Max(5, options.Interval)))
                {
                    lastPlain = started.Elapsed;
                    foreach (string line in LiveView.PlainLines(_meters, node, started.Elapsed))
                    {
                        console.WriteLine(line);
                    }
                }

                await Task.Delay(TimeSpan.FromSeconds(options.Interval), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await console.Live(LiveView.Render(_meters, node, started.Elapsed, duration, _chain!.Kind))
            .AutoClear(false)
            .StartAsync(async context =>
            {
                while (!Done())
                {
                    await RefreshAsync().ConfigureAwait(false);
                    context.UpdateTarget(LiveView.Render(_meters, node, started.Elapsed, duration, _chain.Kind));
                    context.Refresh();
                    await Task.Delay(TimeSpan.FromSeconds(options.Interval), cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ChannelOutcome>> CloseAndReportAsync(CancellationToken cancellationToken)
    {
        Say("closing: every channel cooperatively but one, which the provider closes by force");
        var closer = new Closer(_provider!, _chain!, _meters, Say);
        var closes = await closer.CloseAllAsync(cancellationToken).ConfigureAwait(false);
        var forced = closes.Single(c => c.Kind == "force");
        var sweep = await closer.SweepAsync(forced.ClosingTxId, cancellationToken).ConfigureAwait(false);
        await closer.WaitAllClosedAsync(closes.Select(c => c.Channel.ChannelId), cancellationToken).ConfigureAwait(false);

        // The meters' last word on what the provider acknowledged.
        await Task.WhenAll(_meters.Select(m => m.ReadAsync(cancellationToken))).ConfigureAwait(false);
        var journal = await TransferJournalReader.SumAsync(_provider!, cancellationToken).ConfigureAwait(false);
        var builder = new OutcomeBuilder(_provider!, _chain!);
        var statements = new StatementStep(_provider!, runDirectory);
        var outcomes = new List<ChannelOutcome>();
        foreach (var (meter, channel, kind, txId) in closes)
        {
            var outcome = await builder.BuildAsync(meter, channel.ChannelId, kind, txId, kind == "force" ? sweep : null, journal, cancellationToken).ConfigureAwait(false);
            outcome = await statements.AddAsync(outcome, cancellationToken).ConfigureAwait(false);
            outcomes.Add(outcome);
        }

        Report.Print(console, outcomes, options.Plain);
        return outcomes;
    }
}

/// <summary>summary.json's format.</summary>
internal static class SummaryJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
