namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 1, "Lightning Message Format": a 2-byte `type`, a `payload` matching it,
/// and an optional `extension` TLV stream. Each message is a record with a static
/// <c>Read</c>/<c>Write</c> pair; <see cref="MessageTypes"/> is the one table that
/// maps type numbers to them.
/// </summary>
public abstract record LightningMessage
{
    /// <summary>The message's `type`, taken from <see cref="MessageTypes"/> so the number lives in one place.</summary>
    public virtual ushort Type => MessageTypes.NumberOf(GetType());

    /// <summary>
    /// The records of the message's TLV stream that this implementation does not
    /// know (odd types, BOLT 1 "it's ok to be odd"). Records a message defines,
    /// such as `open_channel`'s `channel_type`, are typed properties instead and
    /// never appear here. Kept so a re-encoding is byte-identical.
    /// </summary>
    public TlvStream Extension { get; init; } = TlvStream.Empty;
}
