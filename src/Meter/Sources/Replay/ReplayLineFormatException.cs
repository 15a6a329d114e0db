namespace Microchannels.Meter.Sources.Replay;

/// <summary>A data line has the wrong number of fields or a field that is not an unsigned integer.</summary>
public sealed class ReplayLineFormatException(int line, string message) : ReplayException(line, message);
