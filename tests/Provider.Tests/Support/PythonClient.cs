using System.Diagnostics;

namespace Microchannels.Provider.Tests.Support;

/// <summary>Runs python/provider_client_test.py with Debian's /usr/bin/python3 (python3-grpcio, python3-grpc-tools; scripts/test.sh installs them).</summary>
internal static class PythonClient
{
    public const string Python = "/usr/bin/python3";

    public static async Task<(int ExitCode, string Output)> RunAsync(DaemonProcess daemon, string mode, params string[] extra)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: run scripts/test.sh, which installs python3-grpcio and python3-grpc-tools");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in (string[])[Path.Combine(AppContext.BaseDirectory, "python", "provider_client_test.py"), "--target", $"127.0.0.1:{daemon.ApiPort}",
            "--cert", daemon.CertificatePath, "--datadir", daemon.DataDirectory, "--proto-root", Path.Combine(DaemonProcess.RepositoryRoot, "proto"), "--mode", mode, .. extra])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
