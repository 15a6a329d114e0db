using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Persistence;

/// <summary>One side's funding key and four basepoints, in BOLT 2 <c>open_channel</c> order.</summary>
internal static class ChannelBasepointsCodec
{
    public static void Write(WireWriter writer, ChannelBasepoints basepoints)
    {
        writer.WritePublicKey(basepoints.FundingPubKey);
        writer.WritePublicKey(basepoints.RevocationBasepoint);
        writer.WritePublicKey(basepoints.PaymentBasepoint);
        writer.WritePublicKey(basepoints.DelayedPaymentBasepoint);
        writer.WritePublicKey(basepoints.HtlcBasepoint);
    }

    public static ChannelBasepoints Read(ref WireReader reader) => new(
        reader.ReadPublicKey(),
        reader.ReadPublicKey(),
        reader.ReadPublicKey(),
        reader.ReadPublicKey(),
        reader.ReadPublicKey());
}
