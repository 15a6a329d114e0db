namespace Microchannels.Meter.Sources.Sml;

/// <summary>The frame ends (or a new one starts) before its end escape and CRC, or a value runs past the data.</summary>
public sealed class SmlTruncatedFrameException(string message) : SmlException(message);
