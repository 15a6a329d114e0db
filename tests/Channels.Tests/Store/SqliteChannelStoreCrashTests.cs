using System.Diagnostics;
using Microchannels.Channels.Store;
using static Microchannels.Channels.Tests.Store.StoreTestData;

namespace Microchannels.Channels.Tests.Store;

/// <summary>
/// DESIGN.md decision 4: an acknowledged save survives a crash at any instant. A child
/// process (<see cref="StoreCrashChild"/>) saves and acknowledges; we kill it mid-stream
/// and check every acknowledged version is in the database.
/// </summary>
public sealed class SqliteChannelStoreCrashTests : IDisposable
{
    private const int AcksBeforeKill = 400;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_acknowledged_save_survives_killing_the_process()
    {
        string database = _directory.File("crash.db");
        string assembly = typeof(StoreCrashChild).Assembly.Location;
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        start.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        start.Environment[StoreCrashChild.DatabaseVariable] = database;

        var acknowledged = new Dictionary<int, ulong>();
        int acks = 0;
        using var child = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var errors = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            // Read to the end: lines still in the pipe after the kill were acknowledged too.
            while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (!StoreCrashChild.TryParseAck(line, out int channel, out ulong version))
                {
                    continue; // Only the last line can be cut short by the kill.
                }

                Assert.True(version > acknowledged.GetValueOrDefault(channel), $"channel {channel} acknowledged {version} out of order");
                acknowledged[channel] = version;
                if (++acks == AcksBeforeKill)
                {
                    child.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }
        }

        await child.WaitForExitAsync(CancellationToken.None);
        Assert.True(acks >= AcksBeforeKill, $"the child acknowledged only {acks} saves; its stderr: {await errors}");
        Assert.NotEqual(0, child.ExitCode);

        await using var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions(database));
        foreach (var (channel, version) in acknowledged)
        {
            var stored = await store.LoadAsync(Key(channel));
            Assert.NotNull(stored);
            Assert.True(stored.Version >= version, $"channel {channel}: acknowledged {version}, stored {stored.Version}");
            Assert.Equal(State(channel, stored.Version), stored.State.ToArray());
        }
    }

    /// <summary>The dotnet host that runs this test, so the child uses the same runtime.</summary>
    private static string DotnetHost()
    {
        if (Environment.ProcessPath is { } process && Path.GetFileNameWithoutExtension(process) == "dotnet")
        {
            return process;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }
}
