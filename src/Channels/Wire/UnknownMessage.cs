namespace Microchannels.Channels.Wire;

/// <summary>
/// A message of an odd type we do not know. BOLT 1, receiving node: "upon
/// receiving a message of odd, unknown type: MUST ignore the received message".
/// The decoder returns it (rather than nothing) so the caller can log it; its
/// <see cref="Payload"/> is every byte after the type.
/// </summary>
public sealed record UnknownMessage(ushort MessageType, ByteVector Payload) : LightningMessage
{
    public override ushort Type => MessageType;
}
