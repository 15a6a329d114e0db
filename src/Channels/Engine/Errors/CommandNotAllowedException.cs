using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>
/// A local command the channel's phase does not allow (say, a force close of a channel
/// already closing on chain, or one whose peer proved we lost data: BOLT 2 "MUST NOT
/// broadcast its commitment transaction"). Refused; the channel goes on as it was.
/// </summary>
public sealed class CommandNotAllowedException : ChannelException
{
    public CommandNotAllowedException(ChannelId channelId, string command, string phase)
        : base(channelId, $"{command} is not allowed while {phase}; refused.")
    {
        Command = command;
        Phase = phase;
    }

    public string Command { get; }

    public string Phase { get; }

    public override bool FailsChannel => false;
}
