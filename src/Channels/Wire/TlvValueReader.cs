namespace Microchannels.Channels.Wire;

/// <summary>
/// Decodes one known TLV value from a reader positioned over exactly that value.
/// Throws <see cref="WireFormatException"/> when the bytes do not match the
/// known encoding.
/// </summary>
public delegate T TlvValueReader<out T>(ref WireReader reader);
