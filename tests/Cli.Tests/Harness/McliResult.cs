namespace Microchannels.Cli.Tests.Harness;

/// <summary>What one mcli run printed and how it ended.</summary>
public sealed record McliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Stdout split into lines, without the empty last one.</summary>
    public string[] Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
