using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Billing.Statements;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Store;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Node;

/// <summary>
/// A countersigned statement as a node stores it (docs/STATEMENTS.md): 'S', the
/// statement file's UTF-8 JSON, and 4 bytes of SHA-256 over them. Keyed by its channel
/// and period, so a caller that knows the period finds it without a scan.
/// </summary>
public static class StatementRecord
{
    public const byte Magic = 0x53; // 'S'
    private static readonly byte[] KeyLabel = "microchannels/statement"u8.ToArray();

    /// <summary>Where the statement of <paramref name="channelId"/> for [start, end) is stored; it cannot collide with a channel's key, a pin or a nonce mark (a different label).</summary>
    public static ChannelKey KeyOf(ChannelId channelId, ulong periodStart, ulong periodEnd)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        var writer = new WireWriter(KeyLabel.Length + ChannelId.Size + 16);
        writer.WriteBytes(KeyLabel);
        writer.Write(channelId);
        writer.WriteU64(periodStart);
        writer.WriteU64(periodEnd);
        return new ChannelKey(Hashes.Sha256(writer.ToArray()));
    }

    public static bool IsStatement(ReadOnlySpan<byte> record) => record.Length > 5 && record[0] == Magic;

    public static byte[] Encode(BillingStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        byte[] json = System.Text.Encoding.UTF8.GetBytes(StatementJson.Write(statement));
        byte[] record = new byte[1 + json.Length + 4];
        record[0] = Magic;
        json.CopyTo(record.AsSpan(1));
        Hashes.Sha256(record.AsSpan(0, record.Length - 4)).AsSpan(0, 4).CopyTo(record.AsSpan(record.Length - 4));
        return record;
    }

    /// <exception cref="ChannelStateFormatException">A damaged record.</exception>
    public static BillingStatement Decode(ReadOnlySpan<byte> record)
    {
        if (!IsStatement(record) || !Hashes.Sha256(record[..^4]).AsSpan(0, 4).SequenceEqual(record[^4..]))
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.Unspecified, "A damaged statement record.");
        }

        try
        {
            return StatementJson.Read(System.Text.Encoding.UTF8.GetString(record[1..^4]));
        }
        catch (Billing.Statements.Errors.StatementException e)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.Unspecified, $"A stored statement does not read: {e.Message}", e);
        }
    }
}
