using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing.Errors;

/// <summary>
/// A second <c>shutdown</c> with another <c>scriptpubkey</c> (BOLT 2: "MUST NOT send
/// multiple shutdown messages"). The same one again is a retransmission and harmless.
/// </summary>
public sealed class ShutdownScriptChangedException : ChannelException
{
    public ShutdownScriptChangedException(ChannelId channelId, ByteVector previous, ByteVector received)
        : base(channelId, $"The peer's shutdown scriptpubkey changed from {previous} to {received}.")
    {
        Previous = previous;
        Received = received;
    }

    public ByteVector Previous { get; }

    public ByteVector Received { get; }
}
