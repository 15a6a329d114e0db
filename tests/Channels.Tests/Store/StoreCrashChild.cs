using System.Diagnostics;
using Microchannels.Channels.Store;

namespace Microchannels.Channels.Tests.Store;

/// <summary>
/// The child process of <see cref="SqliteChannelStoreCrashTests"/>: saves ever newer
/// versions of a few channels at once and prints each one only after its save has
/// completed, exactly as a shell sends a message only after the store acknowledged.
/// It runs until it is killed (or, should the test die first, for at most a minute).
/// </summary>
internal static class StoreCrashChild
{
    public const string DatabaseVariable = "MICROCHANNELS_STORE_CRASH_CHILD_DB";
    public const int ChannelCount = 16;

    /// <summary>One acknowledgement line: "ack channel version ." (the dot shows the line is whole).</summary>
    public static string AckLine(int channel, ulong version) => $"ack {channel} {version} .";

    public static bool TryParseAck(string line, out int channel, out ulong version)
    {
        string[] parts = line.Split(' ');
        channel = 0;
        version = 0;
        return parts is ["ack", var c, var v, "."]
            && int.TryParse(c, System.Globalization.CultureInfo.InvariantCulture, out channel)
            && ulong.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out version);
    }

    public static void Run(string path)
    {
        RunAsync(path).GetAwaiter().GetResult();
        Environment.Exit(0);
    }

    private static async Task RunAsync(string path)
    {
        await using var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions(path));
        var output = new Lock();
        var clock = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, ChannelCount).Select(channel => Task.Run(async () =>
        {
            for (ulong version = 1; clock.Elapsed < TimeSpan.FromMinutes(1); version++)
            {
                await store.SaveAsync(StoreTestData.Record(channel, version));
                lock (output)
                {
                    Console.Out.WriteLine(AckLine(channel, version));
                    Console.Out.Flush();
                }
            }
        }));
        await Task.WhenAll(writers);
    }
}
