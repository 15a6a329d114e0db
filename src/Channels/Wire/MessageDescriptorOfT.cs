namespace Microchannels.Channels.Wire;

/// <summary>A typed <see cref="MessageDescriptor"/> over a message record's static Read and Write.</summary>
internal sealed class MessageDescriptor<T>(ushort type, string name, MessageReader<T> read, Action<WireWriter, T> write)
    : MessageDescriptor(type, name, typeof(T))
    where T : LightningMessage
{
    public override LightningMessage Read(ref WireReader reader) => read(ref reader);

    public override void Write(WireWriter writer, LightningMessage message) => write(writer, (T)message);
}
