using System.CommandLine;
using Microchannels.Cli.Errors;
using Microchannels.Cli.Output;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Commands;

/// <summary>mcli listmeters: the allow-list, a page at a time (or every page with --all).</summary>
public static class ListMetersCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var paging = new Paging("meters");
        return runner.Define(
            "listmeters",
            "List the meters allowed to open channels, with their reading keys and labels",
            parse =>
            {
                var request = new ListMetersRequest { PageSize = paging.PageSize(parse), PageToken = paging.PageToken(parse) };
                bool all = paging.All(parse);
                return async call =>
                {
                    var page = await call.Client.ListMetersAsync(request, call.Unary).ConfigureAwait(false);
                    if (all)
                    {
                        var seen = new HashSet<string>(StringComparer.Ordinal);
                        var merged = new ListMetersResponse();
                        merged.Meters.AddRange(page.Meters);
                        while (page.NextPageToken.Length > 0)
                        {
                            if (!seen.Add(page.NextPageToken))
                            {
                                throw new RpcLoopException("listmeters");
                            }

                            var next = request.Clone();
                            next.PageToken = page.NextPageToken;
                            page = await call.Client.ListMetersAsync(next, call.Unary).ConfigureAwait(false);
                            merged.Meters.AddRange(page.Meters);
                        }

                        page = merged;
                    }

                    call.Output.Write(page, MeterViews.List);
                };
            },
            paging.Symbols);
    }
}
