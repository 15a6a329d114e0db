using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Microchannels.Demo.Processes;

/// <summary>
/// A daemon the demo started (<c>dotnet exec</c> of its build output, or any executable): its
/// output goes to a log file of its own, readiness is a line it prints, and it is stopped with
/// SIGTERM, then killed (with its children) if it has not exited in time.
/// </summary>
internal sealed partial class ChildProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource<Match> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Regex? _readyLine;
    private bool _stopping;
    private bool _closed;

    private ChildProcess(string name, Process process, StreamWriter log, Regex? readyLine)
    {
        Name = name;
        _process = process;
        _log = log;
        _readyLine = readyLine;
        Id = process.Id;
        Exited = process.WaitForExitAsync();
    }

    public string Name { get; }

    public int Id { get; }

    public string LogPath { get; private init; } = "";

    public bool HasExited => _process.HasExited;

    /// <summary>Completes when the process exits, for whatever reason.</summary>
    public Task Exited { get; }

    /// <summary>True once the demo asked it to stop: an exit after that is expected.</summary>
    public bool Stopping => Volatile.Read(ref _stopping);

    /// <summary>The last lines it printed.</summary>
    public string Tail
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>; its output goes to <paramref name="logPath"/>.</summary>
    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logPath, Regex? readyLine)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        var child = new ChildProcess(name, process, log, readyLine) { LogPath = logPath };
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Starts a .NET daemon from its build output: <c>dotnet exec &lt;dll&gt; ...</c>.</summary>
    public static ChildProcess StartDotnet(string name, string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logPath, Regex? readyLine) =>
        Start(name, "dotnet", new[] { "exec", dll }.Concat(arguments), environment, logPath, readyLine);

    /// <summary>Waits for the ready line; throws with the output if the process exits first or the time runs out.</summary>
    public async Task<Match> WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var first = await Task.WhenAny(_ready.Task, Exited, Task.Delay(Timeout.Infinite, limit.Token)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (first == _ready.Task)
        {
            return await _ready.Task.ConfigureAwait(false);
        }

        throw new DemoFailedException(first == Exited
            ? $"{Name} exited at start (code {_process.ExitCode}); its last lines:\n{Tail}"
            : $"{Name} did not get ready in {timeout.TotalSeconds:0} s; its last lines:\n{Tail}");
    }

    /// <summary>SIGTERM, then a kill of it and its children after <paramref name="grace"/>. Returns its exit code, or null if it had to be killed.</summary>
    public async Task<int?> StopAsync(TimeSpan grace)
    {
        Volatile.Write(ref _stopping, true);
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigTerm);
            using var wait = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                return null;
            }
        }

        // The output readers finish with the process; the log is complete after this.
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Kills it at once (the last resort on the way out).</summary>
    public void KillNow()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        _process.Dispose();
        lock (_gate)
        {
            _closed = true;
            _log.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _log.WriteLine(line);
            _tail.Enqueue(line);
            if (_tail.Count > 30)
            {
                _tail.Dequeue();
            }
        }

        if (_readyLine?.Match(line) is { Success: true } match)
        {
            _ready.TrySetResult(match);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
