using System.Diagnostics;
using System.Net;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Store;
using Microchannels.Channels.Tests.Engine;
using Microchannels.Channels.Transport;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Node;

/// <summary>
/// The provider runs in a separate process and is killed abruptly (SIGKILL) in the middle
/// of a stream of transfers, then started again from its SQLite file. The meter
/// reconnects, channel_reestablish resolves what was in flight, and both sides end
/// with the same commitments and the exact balance: nothing lost, nothing doubled.
/// </summary>
public sealed class ProcessKillTests : IDisposable
{
    private const int Transfers = 200;
    private int _completedSoFar;
    private readonly string _providerDirectory = Path.Combine(Path.GetTempPath(), $"microchannels-provider-child-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_providerDirectory))
        {
            Directory.Delete(_providerDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Killing_the_provider_process_mid_stream_loses_and_doubles_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        using var pair = new ChannelPair(meterInitialMsat: 600_000_000);
        await using var meter = new LoopbackNode("meter", LoopbackChannelTests.Seed(0x42), Microchannels.Bitcoin.Crypto.Hashes.Sha256("meter node"u8));
        await LoopbackChannelTests.StartFreshAsync(meter, pair.Meter);

        Directory.CreateDirectory(_providerDirectory);
        var providerState = new ChannelState.Normal(pair.Provider, ConnectionPhase.Disconnected, []);
        var key = new ChannelKey(providerState.ChannelId.AsSpan());
        await using (var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions(Path.Combine(_providerDirectory, "channels.db"))))
        {
            await store.SaveAsync(new ChannelRecord(key, 1, ChannelStateCodec.Encode(providerState)), ct);
        }

        var completed = CountCompleted(meter.Runner!);
        using (var first = await StartProviderAsync(ct))
        {
            await ConnectMeterAsync(meter, first.Port, ct);
            for (int i = 0; i < Transfers; i++)
            {
                await meter.Runner!.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(1_000 + (ulong)i), pair.NextReading()), ct);
                if (i == Transfers / 2)
                {
                    // Let some transfers complete, then pull the plug with work in flight.
                    while (Volatile.Read(ref _completedSoFar) < 20)
                    {
                        await Task.Delay(2, ct);
                    }

                    first.Process.Kill(entireProcessTree: true);
                }
            }

            await first.Process.WaitForExitAsync(ct);
            Assert.NotEqual(0, first.Process.ExitCode);
        }

        // The kill landed mid-stream: the first process had stored progress, and work remained.
        Assert.False(completed.IsCompleted, "every transfer completed before the kill; the test proved nothing");
        await using (var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions(Path.Combine(_providerDirectory, "channels.db"))))
        {
            var stored = (ChannelState.Normal)ChannelStateCodec.Decode((await store.LoadAsync(key, ct))!.State.Span);
            Assert.True(stored.Commitments.LocalCommit.Index > 0, "the provider stored nothing before it was killed");
        }

        using var second = await StartProviderAsync(ct);
        await WaitForDisconnectedAsync(meter, ct);
        await ConnectMeterAsync(meter, second.Port, ct);
        Assert.Equal(Transfers, await completed.WaitAsync(ct));

        // The provider's store, read while it runs (WAL allows readers), converges on the
        // meter's view: the same two commitments, mirrored.
        ulong paid = Enumerable.Range(0, Transfers).Aggregate(0UL, (s, i) => s + 1_000 + (ulong)i);
        var meterCommitments = ((ChannelState.Normal)meter.Runner!.State).Commitments;
        Assert.Equal(new MilliSatoshis(600_000_000 - paid), meterCommitments.LocalCommit.Spec.ToLocal);
        await WaitForProviderStoreAsync(key, meterCommitments, ct);
        second.Process.Kill(entireProcessTree: true);
    }

    private async Task WaitForProviderStoreAsync(ChannelKey key, Microchannels.Channels.Engine.Commitments meterCommitments, CancellationToken ct)
    {
        await using var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions(Path.Combine(_providerDirectory, "channels.db")));
        while (true)
        {
            var record = await store.LoadAsync(key, ct);
            var provider = ((ChannelState.Normal)ChannelStateCodec.Decode(record!.State.Span)).Commitments;
            if (provider.LocalCommit.Spec.Equals(meterCommitments.RemoteCommit.Spec) && provider.RemoteCommit.Spec.Equals(meterCommitments.LocalCommit.Spec))
            {
                return;
            }

            await Task.Delay(20, ct);
        }
    }

    private async Task<int> CountCompleted(ChannelRunner runner)
    {
        await foreach (var action in runner.Events.ReadAllAsync())
        {
            if (action is ChannelAction.TransfersCompleted done && Interlocked.Add(ref _completedSoFar, done.Sent.Count) >= Transfers)
            {
                return _completedSoFar;
            }
        }

        return _completedSoFar;
    }

    private static async Task WaitForDisconnectedAsync(LoopbackNode meter, CancellationToken ct)
    {
        while (meter.Runner!.State is ChannelState.Normal { Connection: not ConnectionPhase.Disconnected })
        {
            await Task.Delay(5, ct);
        }
    }

    private static async Task ConnectMeterAsync(LoopbackNode meter, int port, CancellationToken ct)
    {
        using var providerKey = Microchannels.Bitcoin.Crypto.PrivateKey.FromBytes(ProviderNodeChild.NodeSecret);
        var transport = await NoiseTransport.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), meter.NodeKey, providerKey.PublicKey, new TransportOptions(), ct);
        await meter.Runner!.AttachAsync(await NoisePeerConnection.EstablishAsync(transport, Features.LocalDefault, ct), ct);
    }

    private async Task<ChildProvider> StartProviderAsync(CancellationToken ct)
    {
        string assembly = typeof(ProviderNodeChild).Assembly.Location;
        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        start.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        start.Environment[ProviderNodeChild.DirectoryVariable] = _providerDirectory;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var line = await process.StandardOutput.ReadLineAsync(ct);
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            var errors = await process.StandardError.ReadToEndAsync(ct);
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The provider child did not start: {line} {errors}");
        }

        return new ChildProvider(process, int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } process && Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? process
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private sealed record ChildProvider(Process Process, int Port) : IDisposable
    {
        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }
    }
}
