using System.CommandLine;
using Microchannels.Cli.Errors;
using Microchannels.Cli.Input;
using Microchannels.Cli.Output;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Commands;

/// <summary>
/// mcli closechannel: cooperatively at a target feerate (BOLT 2 "Channel Close"), or with
/// --force by broadcasting our latest commitment.
/// </summary>
public static class CloseChannelCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var target = new ChannelTarget();
        var force = new Option<bool>("--force")
        {
            Description = "Broadcast our latest commitment now (our funds wait to_self_delay blocks); needs the chain",
        };
        var reason = new Option<string?>("--reason") { Description = "With --force: why, for the logs and the meter (at most 200 characters)" };
        var feerate = new Option<uint>("--feerate")
        {
            Description = "Cooperative close: target feerate in sat per 1000 weight units, 253 to 100000 (default: the daemon's estimate)",
        };
        var maxFeerate = new Option<uint>("--max-feerate")
        {
            Description = "Cooperative close: the highest feerate accepted in negotiation (default: twice the target)",
        };
        var wait = new Option<bool>("--wait")
        {
            Description = "Answer only once the closing txid is known (bounded by --timeout; the close goes on after it)",
        };
        return runner.Define(
            "closechannel",
            "Close a channel cooperatively (default) or by force (--force)",
            parse =>
            {
                var (channelId, meter) = target.Resolve(parse, "closechannel");
                var request = new CloseChannelRequest { ChannelId = channelId, MeterNodeId = meter, WaitForTxid = parse.GetValue(wait) };
                if (parse.GetValue(force))
                {
                    if (parse.GetResult(feerate) is not null || parse.GetResult(maxFeerate) is not null)
                    {
                        throw new UsageException("--feerate and --max-feerate are for a cooperative close; a force close broadcasts the commitment at its own feerate");
                    }

                    request.Force = new ForceClose { Reason = parse.GetValue(reason) ?? "" };
                }
                else
                {
                    if (parse.GetResult(reason) is not null)
                    {
                        throw new UsageException("--reason goes with --force");
                    }

                    request.Cooperative = new CooperativeClose
                    {
                        TargetFeerateSatPerKw = parse.GetValue(feerate),
                        MaxFeerateSatPerKw = parse.GetValue(maxFeerate),
                    };
                }

                return async call =>
                {
                    var response = await call.Client.CloseChannelAsync(request, call.Unary).ConfigureAwait(false);
                    call.Output.Write(response, ChannelViews.Closed);
                };
            },
            [.. target.Symbols, force, reason, feerate, maxFeerate, wait]);
    }
}
