using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Microchannels.Meter.Daemon.Tests.Support;

/// <summary>A daemon as a child process (dotnet exec of its build output), its output kept, readiness seen in a line it prints.</summary>
internal sealed partial class DaemonProcess : IAsyncDisposable
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Match> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Regex _readyLine;

    private DaemonProcess(Process process, Regex readyLine)
    {
        _process = process;
        _readyLine = readyLine;
    }

    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Microchannels.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Microchannels.sln not found above the test directory.");
        }
    }

    public static string Configuration => AppContext.BaseDirectory.Contains("/bin/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";

    public static string ProviderDll => Path.Combine(RepositoryRoot, "src", "Provider", "bin", Configuration, "net10.0", "Microchannels.Provider.dll");

    public static string MeterDll => Path.Combine(RepositoryRoot, "src", "Meter", "Daemon", "bin", Configuration, "net10.0", "meterd.dll");

    public static DaemonProcess Launch(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, Regex readyLine)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_TieredPGO"] = "0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var daemon = new DaemonProcess(process, readyLine);
        process.OutputDataReceived += (_, e) => daemon.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    /// <summary>Waits for the ready line; fails with the output if the process exits first.</summary>
    public async Task<Match> WaitReadyAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var exited = _process.WaitForExitAsync(cancel.Token);
        var first = await Task.WhenAny(_ready.Task, exited);
        if (first != _ready.Task)
        {
            Assert.Fail($"the daemon did not start:\n{Output}");
        }

        return await _ready.Task;
    }

    public void Signal(int signal) => Assert.Equal(0, Kill(_process.Id, signal));

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill(_process.Id, SigCont);
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (_readyLine.Match(line) is { Success: true } match)
        {
            _ready.TrySetResult(match);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
