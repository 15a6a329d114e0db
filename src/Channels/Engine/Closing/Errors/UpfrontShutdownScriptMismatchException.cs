using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing.Errors;

/// <summary>
/// A <c>shutdown</c> whose <c>scriptpubkey</c> differs from the upfront
/// <c>shutdown_scriptpubkey</c> of <c>open_channel</c> / <c>accept_channel</c> (BOLT 2
/// "Closing Initiation: shutdown"). Local: "MUST send the same value", so the command is
/// refused. Received: "MUST fail the connection" (<see cref="FailsConnection"/>), not the channel.
/// </summary>
public sealed class UpfrontShutdownScriptMismatchException : ChannelException
{
    public UpfrontShutdownScriptMismatchException(ChannelId channelId, ByteVector upfrontScript, ByteVector script, bool local)
        : base(channelId, $"{(local ? "Our" : "The peer's")} shutdown scriptpubkey {script} differs from its upfront shutdown_scriptpubkey {upfrontScript}.")
    {
        UpfrontScript = upfrontScript;
        Script = script;
        FailsConnection = !local;
    }

    public ByteVector UpfrontScript { get; }

    public ByteVector Script { get; }

    /// <summary>True when the peer sent it: the shell must drop the connection.</summary>
    public bool FailsConnection { get; }

    public override bool FailsChannel => false;
}
