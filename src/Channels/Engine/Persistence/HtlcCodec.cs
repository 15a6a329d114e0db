using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Persistence;

/// <summary>
/// An HTLC as its commitment sees it: direction, BOLT 2 <c>update_add_htlc</c>'s id,
/// <c>amount_msat</c>, <c>payment_hash</c> and <c>cltv_expiry</c>.
/// </summary>
internal static class HtlcCodec
{
    /// <summary>Direction byte, id, amount, payment hash, expiry.</summary>
    public const int Size = 1 + 8 + 8 + 32 + 4;

    private const byte Offered = 0;
    private const byte Received = 1;

    public static void Write(WireWriter writer, Htlc htlc)
    {
        writer.WriteByte(htlc.Direction switch
        {
            HtlcDirection.Offered => Offered,
            HtlcDirection.Received => Received,
            _ => throw new ArgumentOutOfRangeException(nameof(htlc), htlc.Direction, "Unknown HTLC direction."),
        });
        writer.WriteU64(htlc.Id);
        writer.WriteAmount(htlc.Amount);
        writer.WriteBytes(htlc.PaymentHash.AsSpan());
        writer.WriteU32(htlc.CltvExpiry);
    }

    public static Htlc Read(ref WireReader reader) => new(
        ReadDirection(ref reader),
        reader.ReadU64(),
        reader.ReadAmount(),
        [.. reader.ReadBytes(Sha256Hash.Size)],
        reader.ReadU32());

    private static HtlcDirection ReadDirection(ref WireReader reader)
    {
        int offset = reader.Position;
        return reader.ReadByte() switch
        {
            Offered => HtlcDirection.Offered,
            Received => HtlcDirection.Received,
            var other => throw StateFields.Error(ChannelStateFormatReason.InvalidFlag, offset, $"HTLC direction 0x{other:x2} is neither offered (0) nor received (1)"),
        };
    }
}
