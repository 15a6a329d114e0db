using System.CommandLine;
using Microchannels.Cli.Errors;

namespace Microchannels.Cli.Input;

/// <summary>
/// Which channel a command is about: its id as the argument, or --meter for the meter's
/// current channel (the .proto's "either channel_id or meter_node_id").
/// </summary>
public sealed class ChannelTarget
{
    public Argument<string?> ChannelId { get; } = new("channel_id")
    {
        Description = "The channel id (64 hex digits)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<string?> Meter { get; } = new("--meter")
    {
        Description = "The meter node id (66 hex digits) whose current channel is meant",
    };

    public Symbol[] Symbols => [ChannelId, Meter];

    /// <summary>The channel id and meter id to send (exactly one non-empty).</summary>
    public (string ChannelId, string MeterNodeId) Resolve(ParseResult parse, string command)
    {
        ArgumentNullException.ThrowIfNull(parse);
        string channel = parse.GetValue(ChannelId) ?? "";
        string meter = parse.GetValue(Meter) ?? "";
        if ((channel.Length == 0) == (meter.Length == 0))
        {
            throw new UsageException($"{command} needs either a channel id or --meter <node id>, not {(channel.Length == 0 ? "neither" : "both")}");
        }

        return (channel, meter);
    }
}
