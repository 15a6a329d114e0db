using BenchmarkDotNet.Attributes;
using Microchannels.Channels.Store;

namespace Microchannels.Benchmarks;

/// <summary>
/// SaveAsync throughput of the SQLite channel store: one channel saved and awaited
/// save after save (every save waits for its own fsync), against a thousand channels
/// saving at once (group commit: the saves share fsyncs). Results are per save.
/// </summary>
[MemoryDiagnoser]
public class ChannelStoreBenchmarks
{
    private const int SequentialSaves = 100;
    private const int ConcurrentChannels = 1000;

    private readonly byte[] _state = new byte[2048];
    private readonly ChannelKey[] _keys = new ChannelKey[ConcurrentChannels];
    private string _directory = "";
    private SqliteChannelStore? _store;
    private ulong _version;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "microchannels-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _store = SqliteChannelStore.Open(new SqliteChannelStoreOptions(Path.Combine(_directory, "channels.db")));
        var key = new byte[ChannelKey.Size];
        for (int i = 0; i < _keys.Length; i++)
        {
            BitConverter.TryWriteBytes(key, i);
            _keys[i] = new ChannelKey(key);
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = SequentialSaves)]
    public async Task OneChannelSequential()
    {
        for (int i = 0; i < SequentialSaves; i++)
        {
            await _store!.SaveAsync(new ChannelRecord(_keys[0], ++_version, _state));
        }
    }

    [Benchmark(OperationsPerInvoke = ConcurrentChannels)]
    public async Task ThousandChannelsConcurrent()
    {
        ulong version = ++_version;
        var saves = new Task[ConcurrentChannels];
        for (int i = 0; i < saves.Length; i++)
        {
            saves[i] = _store!.SaveAsync(new ChannelRecord(_keys[i], version, _state)).AsTask();
        }

        await Task.WhenAll(saves);
    }
}
