using System.CommandLine;
using Microchannels.Cli.Errors;
using Microchannels.Cli.Input;
using Microchannels.Cli.Output;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Commands;

/// <summary>mcli listchannels: one page of channels, or every page with --all, filtered by state and meter.</summary>
public static class ListChannelsCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var states = new Option<string[]>("--state")
        {
            Description = $"Only channels in this state (repeatable): {string.Join(", ", ChannelStateNames.All)}",
        };
        var meter = new Option<string?>("--meter") { Description = "Only the channel of this meter (66 hex digits)" };
        var paging = new Paging("channels");
        return runner.Define(
            "listchannels",
            "List channels, a page at a time (or every page with --all)",
            parse =>
            {
                var request = new ListChannelsRequest
                {
                    MeterNodeId = parse.GetValue(meter) ?? "",
                    PageSize = paging.PageSize(parse),
                    PageToken = paging.PageToken(parse),
                };
                request.States.AddRange((parse.GetValue(states) ?? []).Select(ChannelStateNames.Parse));
                bool all = paging.All(parse);
                return async call =>
                {
                    var page = await call.Client.ListChannelsAsync(request, call.Unary).ConfigureAwait(false);
                    if (all)
                    {
                        var seen = new HashSet<string>(StringComparer.Ordinal);
                        var merged = new ListChannelsResponse();
                        merged.Channels.AddRange(page.Channels);
                        while (page.NextPageToken.Length > 0)
                        {
                            if (!seen.Add(page.NextPageToken))
                            {
                                throw new RpcLoopException("listchannels");
                            }

                            var next = request.Clone();
                            next.PageToken = page.NextPageToken;
                            page = await call.Client.ListChannelsAsync(next, call.Unary).ConfigureAwait(false);
                            merged.Channels.AddRange(page.Channels);
                        }

                        page = merged;
                    }

                    call.Output.Write(page, ChannelViews.List);
                };
            },
            [states, meter, .. paging.Symbols]);
    }
}
