using System.Globalization;

namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 1 `short_channel_id` (defined in BOLT 7): 3 bytes block height, 3 bytes
/// transaction index, 2 bytes output index, big-endian in one u64. On our
/// branch it appears as the `alias` in `channel_ready`.
/// </summary>
public readonly record struct ShortChannelId(ulong Value)
{
    public uint BlockHeight => (uint)(Value >> 40);

    public uint TransactionIndex => (uint)(Value >> 16) & 0xFFFFFF;

    public ushort OutputIndex => (ushort)Value;

    public static ShortChannelId FromParts(uint blockHeight, uint transactionIndex, ushort outputIndex)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockHeight, 0xFFFFFFu);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(transactionIndex, 0xFFFFFFu);
        return new(((ulong)blockHeight << 40) | ((ulong)transactionIndex << 16) | outputIndex);
    }

    /// <summary>BOLT 7's human-readable form, e.g. <c>539268x845x1</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{BlockHeight}x{TransactionIndex}x{OutputIndex}");
}
