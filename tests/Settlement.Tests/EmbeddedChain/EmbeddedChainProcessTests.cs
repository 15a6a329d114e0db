using System.Diagnostics;
using System.Text.RegularExpressions;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Support;

namespace Microchannels.Settlement.Tests.EmbeddedChain;

/// <summary>The chain as its own process (<c>dotnet Microchannels.EmbeddedChain.dll --rpcport N --datadir D</c>), as the demo and daemons run it.</summary>
public sealed partial class EmbeddedChainProcessTests
{
    [Fact]
    public async Task The_process_says_it_is_simulated_serves_bitcoinds_rpc_and_exits_cleanly_on_stop()
    {
        using var directory = new TempDirectory();
        string dll = Path.Combine(AppContext.BaseDirectory, "Microchannels.EmbeddedChain.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { dll, "--rpcport", "0", "--datadir", directory.Path })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            string banner = await process.StandardOutput.ReadLineAsync(deadline.Token) ?? string.Empty;
            string endpoint = await process.StandardOutput.ReadLineAsync(deadline.Token) ?? string.Empty;
            Assert.StartsWith("SIMULATED regtest chain", banner, StringComparison.Ordinal);
            int port = int.Parse(Port().Match(endpoint).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

            using var rpc = new BitcoindRpcClient(BitcoindRpcOptions.ForLocalNode(port, directory.Path));
            Assert.Equal("regtest", (await rpc.GetBlockchainInfoAsync(deadline.Token)).Chain);
            Assert.Contains("SIMULATED", await rpc.StopAsync(deadline.Token), StringComparison.Ordinal);

            await process.WaitForExitAsync(deadline.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.False(File.Exists(Path.Combine(directory.Path, "regtest", ".cookie")));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:(\d+)/")]
    private static partial Regex Port();
}
