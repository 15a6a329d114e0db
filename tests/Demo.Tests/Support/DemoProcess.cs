using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Microchannels.Demo.Tests.Support;

/// <summary>The demo as scripts/demo.sh runs it (dotnet exec of its build output), in a data folder of the test's, its output kept.</summary>
internal sealed partial class DemoProcess : IAsyncDisposable
{
    public const int SigInt = 2;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Seen)> _waits = [];

    private DemoProcess(Process process, string directory)
    {
        _process = process;
        Directory = directory;
    }

    public string Directory { get; }

    public string Output => string.Join('\n', _lines);

    public int Id => _process.Id;

    public static DemoProcess Start(params string[] arguments)
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("demo-test-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Microchannels.Demo.dll"));
        foreach (string argument in arguments.Concat(["--dir", directory, "--plain"]))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var demo = new DemoProcess(process, directory);
        process.OutputDataReceived += (_, e) => demo.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => demo.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return demo;
    }

    /// <summary>Waits for a line matching <paramref name="pattern"/>; fails with the output if the demo exits first.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waits)
        {
            _waits.Add((pattern, seen));
            foreach (string line in _lines)
            {
                if (pattern.Match(line) is { Success: true } match)
                {
                    seen.TrySetResult(match);
                }
            }
        }

        using var limit = new CancellationTokenSource(timeout);
        var exited = _process.WaitForExitAsync(limit.Token);
        var first = await Task.WhenAny(seen.Task, exited);
        Assert.True(first == seen.Task, $"no line like '{pattern}' in {timeout.TotalSeconds:0} s; the demo said:\n{Output}");
        return await seen.Task;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the demo did not end in {timeout.TotalSeconds:0} s; it said:\n{Output}");
        }

        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public void Signal(int signal) => Assert.Equal(0, Kill(_process.Id, signal));

    /// <summary>Every process still running whose command line names the demo's data folder (the chain and the daemons all do).</summary>
    public IReadOnlyList<string> Leftovers()
    {
        var found = new List<string>();
        foreach (string proc in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out int pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                string commandLine = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(Directory, StringComparison.Ordinal))
                {
                    found.Add($"{pid}: {commandLine}");
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours.
            }
        }

        return found;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A daemon still closing a file: the temporary folder stays.
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_waits)
        {
            _lines.Enqueue(line);
            foreach (var (pattern, seen) in _waits)
            {
                if (pattern.Match(line) is { Success: true } match)
                {
                    seen.TrySetResult(match);
                }
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
