using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Persistence;

/// <summary>Everything fixed at channel open.</summary>
internal static class ChannelParametersCodec
{
    public static void Write(WireWriter writer, ChannelParameters parameters)
    {
        writer.Write(parameters.ChannelId);
        writer.WriteOutPoint(parameters.FundingOutPoint);
        writer.WriteSatoshis(parameters.FundingAmount);
        writer.WriteFlag(parameters.LocalIsOpener);
        ChannelSideParametersCodec.Write(writer, parameters.Local);
        ChannelSideParametersCodec.Write(writer, parameters.Remote);
        writer.WritePublicKey(parameters.MeterReadingKey);
    }

    public static ChannelParameters Read(ref WireReader reader) => new(
        reader.ReadChannelId(),
        reader.ReadOutPoint(),
        reader.ReadSatoshis(),
        reader.ReadFlag(),
        ChannelSideParametersCodec.Read(ref reader),
        ChannelSideParametersCodec.Read(ref reader),
        reader.ReadPublicKey());
}
