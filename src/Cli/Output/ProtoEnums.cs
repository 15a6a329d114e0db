using Google.Protobuf.Reflection;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Output;

/// <summary>The .proto's enum descriptors, for their wire names (C# enums carry none of their own).</summary>
public static class ProtoEnums
{
    public static EnumDescriptor ChannelState { get; } =
        TypesReflection.Descriptor.FindTypeByName<EnumDescriptor>("ChannelState");

    public static EnumDescriptor TransferDirection { get; } =
        TypesReflection.Descriptor.FindTypeByName<EnumDescriptor>("TransferDirection");
}
