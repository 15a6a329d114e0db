namespace Microchannels.Meter.Storage;

/// <summary>The meter's database holds a record this code cannot read back; nothing is guessed.</summary>
public sealed class CorruptMeterStoreException(string message, Exception? inner = null) : Exception(message, inner);
