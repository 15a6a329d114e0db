using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Microchannels.Cli.Tests.EndToEnd;

/// <summary>
/// The real provider daemon (src/Provider) as a process: a fresh data directory, free loopback
/// ports, and a bitcoind address where none listens (it then serves channels off-chain and
/// reports itself not synced). Stopped with SIGTERM.
/// </summary>
public sealed class ProviderDaemonProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(2);
    private readonly Process process;
    private readonly StringBuilder log = new();

    private ProviderDaemonProcess(Process process, string dataDirectory, int apiPort)
    {
        this.process = process;
        DataDirectory = dataDirectory;
        ApiPort = apiPort;
    }

    public string DataDirectory { get; }

    public int ApiPort { get; }

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public static async Task<ProviderDaemonProcess> StartAsync()
    {
        string path = Path.GetFullPath(typeof(ProviderDaemonProcess).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProviderDaemonPath").Value!);
        string dataDirectory = Path.Combine(Directory.CreateTempSubdirectory("mcli-e2e-").FullName, "provider");
        int api = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
        {
            path, "--datadir", dataDirectory,
            "--api-listen", $"127.0.0.1:{api}", "--peer-listen", $"127.0.0.1:{FreePort()}", "--metrics-listen", $"127.0.0.1:{FreePort()}",
            "--bitcoind-rpc-url", $"http://127.0.0.1:{FreePort()}/", "--bitcoind-rpc-user", "mcli", "--bitcoind-rpc-password", "e2e",
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("MICROCHANNELS_DATADIR");
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var daemon = new ProviderDaemonProcess(process, dataDirectory, api);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Serving once the API port accepts connections (it opens after the certificate and tokens are written).
        var deadline = DateTime.UtcNow + StartLimit;
        while (!process.HasExited && DateTime.UtcNow < deadline)
        {
            if (await AcceptsAsync(api))
            {
                return daemon;
            }

            await Task.Delay(100);
        }

        await daemon.DisposeAsync();
        throw new InvalidOperationException($"the provider daemon did not start serving its API:\n{daemon.Log}");
    }

    /// <summary>Sends SIGTERM and returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var limit = new CancellationTokenSource(StartLimit);
        await process.WaitForExitAsync(limit.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(Path.GetDirectoryName(DataDirectory)!, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
