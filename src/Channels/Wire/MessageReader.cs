namespace Microchannels.Channels.Wire;

/// <summary>A message's static Read: decodes payload and extension, consuming the reader to its end.</summary>
public delegate T MessageReader<out T>(ref WireReader reader)
    where T : LightningMessage;
