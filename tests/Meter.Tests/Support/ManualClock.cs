namespace Microchannels.Meter.Tests.Support;

/// <summary>A clock tests move by hand: monotonic timestamps in microseconds, and a wall time that moves with them.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _micros;
    private readonly DateTimeOffset _start;

    public ManualClock(DateTimeOffset? start = null) => _start = start ?? new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => 1_000_000;

    public override long GetTimestamp() => Interlocked.Read(ref _micros);

    public override DateTimeOffset GetUtcNow() => _start.AddTicks(Interlocked.Read(ref _micros) * 10);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _micros, by.Ticks / 10);

    public void AdvanceMicros(long micros) => Interlocked.Add(ref _micros, micros);
}
