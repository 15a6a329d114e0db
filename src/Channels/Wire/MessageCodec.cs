namespace Microchannels.Channels.Wire;

/// <summary>
/// Frames and unframes whole Lightning messages (BOLT 1, "Lightning Message
/// Format"), the bytes BOLT 8 carries after decryption.
/// </summary>
public static class MessageCodec
{
    /// <summary>BOLT 1: "the maximum possible size is 65535 bytes".</summary>
    public const int MaxMessageLength = ushort.MaxValue;

    public static byte[] Encode(LightningMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = new WireWriter();
        writer.WriteU16(message.Type);
        if (message is UnknownMessage unknown)
        {
            writer.WriteBytes(unknown.Payload.Span);
        }
        else
        {
            MessageTypes.Find(message.GetType()).Write(writer, message);
        }

        if (writer.Length > MaxMessageLength)
        {
            throw new ArgumentException(
                $"{message.GetType().Name} encodes to {writer.Length} bytes; BOLT 1 allows at most {MaxMessageLength}.",
                nameof(message));
        }

        return writer.ToArray();
    }

    /// <summary>
    /// Decodes one message. Returns an <see cref="UnknownMessage"/> for an unknown
    /// odd type (BOLT 1: "MUST ignore"); throws <see cref="WireFormatException"/>
    /// for an unknown even type (BOLT 1: "MUST close the connection"), for a known
    /// message too short for its fields, and for an invalid extension. Bytes after
    /// the known fields are the extension TLV stream: BOLT 1 lets a receiver
    /// ignore it, but we parse it strictly, as Appendix C's vectors expect.
    /// </summary>
    public static DecodeResult Decode(ReadOnlySpan<byte> message)
    {
        if (message.Length > MaxMessageLength)
        {
            throw new WireFormatException(
                WireFormatReason.MessageTooLong,
                $"A message of {message.Length} bytes exceeds BOLT 1's {MaxMessageLength}.");
        }

        var reader = new WireReader(message);
        ushort type = reader.ReadU16();
        var row = MessageTypes.Find(type);
        if (row is null)
        {
            if (type % 2 == 0)
            {
                throw new WireFormatException(
                    WireFormatReason.UnknownEvenMessageType,
                    $"Unknown even message type {type}.");
            }

            return new DecodeResult(new UnknownMessage(type, new ByteVector(reader.ReadRemaining())));
        }

        var decoded = row.Read(ref reader);
        reader.EnsureEnd();
        return new DecodeResult(decoded);
    }
}
