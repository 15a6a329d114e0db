namespace Microchannels.Meter.Sources.Replay;

/// <summary>One recorded line: an edge (registers zero) or register values, at a time in µs from the recording's start.</summary>
public readonly record struct ReplayEntry(ulong Micros, ulong ImportUnits, ulong ExportUnits);
