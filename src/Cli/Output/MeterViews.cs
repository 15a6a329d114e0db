using Microchannels.Provider.Api.V1;
using Spectre.Console.Rendering;

namespace Microchannels.Cli.Output;

/// <summary>Tables for the meter allow-list.</summary>
public static class MeterViews
{
    private static readonly string[] ListHeaders = ["node id", "reading key", "label", "added", "channel id"];

    public static IRenderable List(ListMetersResponse page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var table = Tables.Rows(ListHeaders, page.Meters.Select(m => (IReadOnlyList<string>)
        [
            m.NodeId,
            Show.OrDash(m.ReadingKey),
            Show.OrDash(m.Label),
            Show.Time(m.AddedAtMs),
            Show.OrDash(m.ChannelId),
        ]));
        return page.NextPageToken.Length == 0
            ? Tables.Stack(table, Tables.Line($"{page.Meters.Count} meter(s)"))
            : Tables.Stack(table, Tables.Line($"{page.Meters.Count} meter(s); next page: --page-token {page.NextPageToken}"));
    }

    public static IRenderable Allowed(AllowMeterResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Tables.Stack(One(response.Meter), Tables.Line(response.Added ? "added to the allow-list" : "updated on the allow-list"));
    }

    public static IRenderable Removed(RemoveMeterResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Tables.Stack(One(response.Meter), Tables.Line("removed from the allow-list (a channel it has keeps running until closed)"));
    }

    private static IRenderable One(Meter? meter) =>
        meter is null
            ? Tables.Line("-")
            : Tables.Fields(
                ("node id", meter.NodeId),
                ("reading key", Show.OrDash(meter.ReadingKey)),
                ("label", Show.OrDash(meter.Label)),
                ("added", Show.Time(meter.AddedAtMs)),
                ("channel id", Show.OrDash(meter.ChannelId)));
}
