namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 1 `channel_id` (and the `32*byte` `temporary_channel_id` of BOLT 2,
/// which has the same shape and is used in its place before funding).
/// </summary>
public sealed class ChannelId : FixedSizeBytes
{
    public const int Size = 32;

    public ChannelId(ReadOnlySpan<byte> bytes)
        : base(bytes, Size)
    {
    }

    /// <summary>BOLT 1, "The error and warning Messages": an all-zero channel_id refers to all channels.</summary>
    public static ChannelId All { get; } = new(new byte[Size]);

    public bool IsAll => IsAllZero();

    public static ChannelId FromHex(string hex) => new(Convert.FromHexString(hex));
}
