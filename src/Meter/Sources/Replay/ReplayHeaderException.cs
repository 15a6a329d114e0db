namespace Microchannels.Meter.Sources.Replay;

/// <summary>The first line is not <c>microchannels-replay/1 edges|registers UNITS_PER_KWH</c>, or the constant is out of range.</summary>
public sealed class ReplayHeaderException(int line, string message) : ReplayException(line, message);
