namespace Microchannels.Meter.Sources.Replay;

/// <summary>A timestamp earlier than the line before it: recordings are in time order.</summary>
public sealed class ReplayTimeWentBackException(int line, ulong previousMicros, ulong micros)
    : ReplayException(line, $"time {micros} µs is before the previous {previousMicros} µs");
