using System.CommandLine;
using Microchannels.Cli.Output;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Commands;

/// <summary>mcli subscribechannelevents: channel events as they happen, one per line.</summary>
public static class SubscribeChannelEventsCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var channel = new Option<string?>("--channel") { Description = "Only events of this channel (64 hex digits)" };
        var meter = new Option<string?>("--meter") { Description = "Only events of this meter (66 hex digits)" };
        var limit = new StreamLimit();
        return runner.Define(
            "subscribechannelevents",
            "Print channel events as they happen: opened, funding confirmed, reestablished, disconnected, closing, closed, breach detected, penalty confirmed",
            parse =>
            {
                var request = new SubscribeChannelEventsRequest
                {
                    ChannelId = parse.GetValue(channel) ?? "",
                    MeterNodeId = parse.GetValue(meter) ?? "",
                };
                long? most = limit.Read(parse);
                return call => call.PrintStreamAsync(
                    call.Client.SubscribeChannelEvents(request, call.Stream), ChannelViews.EventLine, most);
            },
            channel,
            meter,
            limit.Option);
    }
}
