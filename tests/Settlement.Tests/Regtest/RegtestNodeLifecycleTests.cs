using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microchannels.Settlement.Regtest;

namespace Microchannels.Settlement.Tests.Regtest;

/// <summary>The harness cleans up after itself and explains failures.</summary>
public sealed partial class RegtestNodeLifecycleTests
{
    [BitcoindFact]
    public async Task Dispose_stops_bitcoind_and_deletes_its_data_directory()
    {
        RegtestNode node = await RegtestNode.StartAsync();
        string dataDirectory = node.DataDirectory;
        int processId = node.ProcessId;
        int rpcPort = node.RpcPort;
        Assert.True(Directory.Exists(dataDirectory));

        await node.DisposeAsync();

        Assert.False(Directory.Exists(dataDirectory));
        Assert.True(node.HasExited || IsGone(processId));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = Assert.Throws<SocketException>(() => socket.Connect(IPAddress.Loopback, rpcPort));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [BitcoindFact]
    public async Task A_bitcoind_that_refuses_to_start_is_reported_with_its_own_words_and_leaves_nothing_behind()
    {
        var options = new RegtestNodeOptions { ExtraArguments = ["-nosuchoption=1"] };

        var e = await Assert.ThrowsAsync<BitcoindStartException>(() => RegtestNode.StartAsync(options));

        Assert.NotNull(e.ExitCode);
        Assert.Contains("-nosuchoption", e.Message, StringComparison.Ordinal);
        Assert.Contains("--- stderr", e.Message, StringComparison.Ordinal);
        string dataDirectory = DataDirectoryIn().Match(e.Message).Groups[1].Value;
        Assert.NotEmpty(dataDirectory);
        Assert.False(Directory.Exists(dataDirectory));
    }

    [BitcoindFact]
    public async Task A_port_taken_before_bitcoind_binds_it_is_answered_by_starting_on_new_ports()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        int taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        int picks = 0;
        var options = new RegtestNodeOptions
        {
            // The first pick is the RPC port of the first start: hand out the taken one.
            PickPort = () => Interlocked.Increment(ref picks) == 1 ? taken : FreeLoopbackPort.Pick(),
        };

        await using RegtestNode node = await RegtestNode.StartAsync(options);

        Assert.Equal(2, node.StartAttempts);
        Assert.NotEqual(taken, node.RpcPort);
        Assert.Equal(0, await node.Rpc.GetBlockCountAsync());
    }

    [Fact]
    public async Task A_missing_bitcoind_is_a_start_exception_naming_the_path()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "bitcoind");

        var e = await Assert.ThrowsAsync<BitcoindStartException>(() => RegtestNode.StartAsync(new RegtestNodeOptions { BitcoindPath = missing }));

        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }

    private static bool IsGone(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    [GeneratedRegex(@"datadir (\S+),")]
    private static partial Regex DataDirectoryIn();
}
