using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing.Errors;

/// <summary>
/// A <c>shutdown</c> <c>scriptpubkey</c> not in the forms BOLT 2 "Closing Initiation:
/// shutdown" allows. Received: the node "SHOULD send a warning" (no channel failure);
/// local: the command is refused.
/// </summary>
public sealed class InvalidShutdownScriptException : ChannelException
{
    public InvalidShutdownScriptException(ChannelId channelId, ByteVector script, ShutdownScriptKind kind, bool local)
        : base(channelId, $"{(local ? "Our" : "The peer's")} shutdown scriptpubkey {script} ({kind}) is not an allowed form.")
    {
        Script = script;
        Kind = kind;
        Local = local;
    }

    public ByteVector Script { get; }

    public ShutdownScriptKind Kind { get; }

    public bool Local { get; }

    public override bool FailsChannel => false;
}
