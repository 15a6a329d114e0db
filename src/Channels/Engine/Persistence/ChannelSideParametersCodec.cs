using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Persistence;

/// <summary>What one side announced at open: dust limit, reserve, <c>to_self_delay</c>, keys.</summary>
internal static class ChannelSideParametersCodec
{
    public static void Write(WireWriter writer, ChannelSideParameters side)
    {
        writer.WriteSatoshis(side.DustLimit);
        writer.WriteSatoshis(side.ChannelReserve);
        writer.WriteU16(side.ToSelfDelay);
        ChannelBasepointsCodec.Write(writer, side.Basepoints);
    }

    public static ChannelSideParameters Read(ref WireReader reader) => new(
        reader.ReadSatoshis(),
        reader.ReadSatoshis(),
        reader.ReadU16(),
        ChannelBasepointsCodec.Read(ref reader));
}
