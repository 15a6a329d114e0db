using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Persistence;

/// <summary>
/// The one table of update kinds: a tag byte, then the kind's fields. A new kind
/// takes a new tag; a tag is never reused, or old records would change meaning.
/// </summary>
internal static class ChannelUpdateCodec
{
    /// <summary>The smallest update: a tag and a u32 fee rate.</summary>
    public const int MinimumSize = 1 + 4;

    private const byte TransferTag = 1;
    private const byte FeeTag = 2;

    /// <summary>A transfer paying for a version-2 reading (docs/PROTOCOL.md); tag 1 stays version 1.</summary>
    private const byte TransferV2Tag = 3;

    public static void Write(WireWriter writer, ChannelUpdate update)
    {
        switch (update)
        {
            case TransferUpdate transfer:
                writer.WriteByte(transfer.Reading.Reading.Version == 2 ? TransferV2Tag : TransferTag);
                writer.WriteU64(transfer.Id);
                writer.WriteAmount(transfer.Amount);
                writer.WriteSignedMeterReading(transfer.Reading);
                break;
            case FeeUpdate fee:
                writer.WriteByte(FeeTag);
                writer.WriteFeerate(fee.Feerate);
                break;
            default:
                throw new ArgumentException($"No stored encoding for {update.GetType().Name}.", nameof(update));
        }
    }

    public static ChannelUpdate Read(ref WireReader reader)
    {
        int offset = reader.Position;
        return reader.ReadByte() switch
        {
            TransferTag => new TransferUpdate(reader.ReadU64(), reader.ReadAmount(), reader.ReadSignedMeterReading()),
            TransferV2Tag => new TransferUpdate(reader.ReadU64(), reader.ReadAmount(), reader.ReadSignedMeterReadingV2()),
            FeeTag => new FeeUpdate(reader.ReadFeerate()),
            var tag => throw StateFields.Error(ChannelStateFormatReason.UnknownUpdateTag, offset, $"Update tag {tag} is unknown"),
        };
    }
}
