namespace Microchannels.Channels.Wire;

/// <summary>One row of <see cref="MessageTypes"/>: a type number, its BOLT name, and its codec.</summary>
internal abstract class MessageDescriptor(ushort type, string name, Type messageClass)
{
    public ushort Type { get; } = type;

    public string Name { get; } = name;

    public Type MessageClass { get; } = messageClass;

    public abstract LightningMessage Read(ref WireReader reader);

    public abstract void Write(WireWriter writer, LightningMessage message);
}
