using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Persistence;

/// <summary>
/// The two stored opening waits (<see cref="AwaitingFundingConfirmed"/>,
/// <see cref="AwaitingChannelReady"/>): the settled terms, the funding outpoint and the
/// peer's signature of our commitment 0, which is all we need to close on our own if the
/// opening fails (BOLT 2 "Message Retransmission": from here the channel is remembered).
/// An early <c>channel_ready</c> from the peer is not stored: it is retransmitted.
/// </summary>
internal static class OpeningStateCodec
{
    public static void Write(WireWriter writer, ChannelTerms terms)
    {
        writer.Write(terms.TemporaryChannelId);
        writer.WriteSatoshis(terms.FundingAmount);
        writer.WriteAmount(terms.PushAmount);
        writer.WriteFeerate(terms.Feerate);
        writer.WriteFlag(terms.LocalIsOpener);
        ChannelSideParametersCodec.Write(writer, terms.Local);
        ChannelSideParametersCodec.Write(writer, terms.Remote);
        writer.WritePublicKey(terms.RemoteFirstPerCommitmentPoint);
        writer.WriteU32(terms.MinimumDepth);
        writer.WritePublicKey(terms.MeterReadingKey);
    }

    public static ChannelTerms ReadTerms(ref WireReader reader)
    {
        var temporaryId = reader.ReadChannelId();
        var funding = reader.ReadSatoshis();
        int offset = reader.Position;
        var push = reader.ReadAmount();
        if (push > MilliSatoshis.FromSatoshis((ulong)funding.Value))
        {
            // BOLT 2: "push_msat is greater than funding_satoshis * 1000" fails the channel; it cannot have been stored.
            throw StateFields.Error(ChannelStateFormatReason.ValueOutOfRange, offset, $"push {push} exceeds the funding {funding}");
        }

        return new ChannelTerms(
            temporaryId,
            funding,
            push,
            reader.ReadFeerate(),
            reader.ReadFlag(),
            ChannelSideParametersCodec.Read(ref reader),
            ChannelSideParametersCodec.Read(ref reader),
            reader.ReadPublicKey(),
            reader.ReadU32(),
            reader.ReadPublicKey());
    }

    public static void Write(WireWriter writer, OpeningState phase)
    {
        var stored = phase as IStoredOpening
            ?? throw new ArgumentException($"{phase?.GetType().Name} is never stored (BOLT 2: not remembered before funding).", nameof(phase));
        Write(writer, stored.Terms);
        writer.WriteOutPoint(stored.FundingOutPoint);
        writer.WriteEcdsaSignature(stored.RemoteSignatureOfLocalCommit);
    }

    public static OpeningState Read(ref WireReader reader, bool channelReadySent)
    {
        var terms = ReadTerms(ref reader);
        var outPoint = reader.ReadOutPoint();
        if (outPoint.Index > ushort.MaxValue)
        {
            // BOLT 2 "The funding_created Message": funding_output_index is a u16.
            throw StateFields.Error(ChannelStateFormatReason.ValueOutOfRange, reader.Position, $"funding output index {outPoint.Index} exceeds 65535");
        }

        var signature = reader.ReadEcdsaSignature();
        return channelReadySent
            ? new AwaitingChannelReady(terms, outPoint, signature)
            : new AwaitingFundingConfirmed(terms, outPoint, signature, null);
    }
}
