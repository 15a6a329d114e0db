namespace Microchannels.Meter.Sources.Replay;

/// <summary>A recording was refused; nothing of it is counted. <see cref="Line"/> is 1-based.</summary>
public abstract class ReplayException(int line, string message) : Exception($"Line {line}: {message}")
{
    public int Line { get; } = line;
}
