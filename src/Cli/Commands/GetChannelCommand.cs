using System.CommandLine;
using Microchannels.Cli.Input;
using Microchannels.Cli.Output;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Commands;

/// <summary>mcli getchannel: one channel in full, by id or by meter.</summary>
public static class GetChannelCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var target = new ChannelTarget();
        return runner.Define(
            "getchannel",
            "Show one channel: state, balances, capacity, funding outpoint, commitment numbers, last reading, totals",
            parse =>
            {
                var (channelId, meter) = target.Resolve(parse, "getchannel");
                var request = new GetChannelRequest { ChannelId = channelId, MeterNodeId = meter };
                return async call =>
                {
                    var channel = await call.Client.GetChannelAsync(request, call.Unary).ConfigureAwait(false);
                    call.Output.Write(channel, ChannelViews.One);
                };
            },
            target.Symbols);
    }
}
