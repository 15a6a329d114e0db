using Microchannels.Provider.Api.V1;
using Spectre.Console.Rendering;

namespace Microchannels.Cli.Output;

/// <summary>Tables and stream lines for channels and their events.</summary>
public static class ChannelViews
{
    private static readonly string[] ListHeaders =
        ["channel id", "meter", "state", "capacity (sat)", "local (msat)", "remote (msat)", "connected"];

    public static IRenderable List(ListChannelsResponse page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var table = Tables.Rows(ListHeaders, page.Channels.Select(c => (IReadOnlyList<string>)
        [
            c.ChannelId,
            c.MeterNodeId,
            Show.State(c.State),
            Show.Amount(c.CapacitySat),
            Show.Amount(c.LocalBalanceMsat),
            Show.Amount(c.RemoteBalanceMsat),
            Show.YesNo(c.Connected),
        ]));
        return page.NextPageToken.Length == 0
            ? Tables.Stack(table, Tables.Line($"{page.Channels.Count} channel(s)"))
            : Tables.Stack(table, Tables.Line($"{page.Channels.Count} channel(s); next page: --page-token {page.NextPageToken}"));
    }

    public static IRenderable One(Channel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return Tables.Fields(
            ("channel id", channel.ChannelId),
            ("meter", channel.MeterNodeId),
            ("state", Show.State(channel.State)),
            ("connected", Show.YesNo(channel.Connected)),
            ("capacity (sat)", Show.Amount(channel.CapacitySat)),
            ("funding outpoint", Show.OutPoint(channel.FundingOutpoint)),
            ("local balance (msat)", Show.Amount(channel.LocalBalanceMsat)),
            ("remote balance (msat)", Show.Amount(channel.RemoteBalanceMsat)),
            ("local commitment number", Show.Number(channel.LocalCommitmentNumber)),
            ("remote commitment number", Show.Number(channel.RemoteCommitmentNumber)),
            ("feerate (sat/kw)", Show.Number(channel.FeerateSatPerKw)),
            ("last reading", Show.Reading(channel.LastReading)),
            ("total received (msat)", Show.Amount(channel.TotalReceivedMsat)),
            ("total sent (msat)", Show.Amount(channel.TotalSentMsat)),
            ("transfers", Show.Amount(channel.TransferCount)),
            ("meter reading key", Show.OrDash(channel.MeterReadingKey)),
            ("closing txid", Show.OrDash(channel.ClosingTxid)));
    }

    public static IRenderable Closed(CloseChannelResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Tables.Fields(
            ("state", Show.State(response.State)),
            ("closing txid", response.ClosingTxid.Length == 0 ? "not known yet (watch with mcli subscribechannelevents)" : response.ClosingTxid));
    }

    /// <summary>One event: "2026-12-02 12:00:00Z closing channel … meter … state shutting_down: kind=cooperative …".</summary>
    public static string EventLine(ChannelEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string what = e.KindCase switch
        {
            ChannelEvent.KindOneofCase.Opened => $"opened capacity={Show.Amount(e.Opened.CapacitySat)} sat funding={Show.OutPoint(e.Opened.FundingOutpoint)}",
            ChannelEvent.KindOneofCase.FundingConfirmed => $"funding_confirmed funding={Show.OutPoint(e.FundingConfirmed.FundingOutpoint)}",
            ChannelEvent.KindOneofCase.Reestablished => "reestablished",
            ChannelEvent.KindOneofCase.Disconnected => "disconnected",
            ChannelEvent.KindOneofCase.Closing =>
                $"closing kind={e.Closing.Kind} txid={Show.OrDash(e.Closing.ClosingTxid)} reason=\"{e.Closing.Reason}\"",
            ChannelEvent.KindOneofCase.Closed => $"closed kind={e.Closed.Kind} settled={Show.Amount(e.Closed.SettledSat)} sat",
            ChannelEvent.KindOneofCase.BreachDetected =>
                $"breach_detected commitment={e.BreachDetected.CommitmentTxid} penalty={e.BreachDetected.PenaltyTxid}",
            ChannelEvent.KindOneofCase.PenaltyConfirmed =>
                $"penalty_confirmed penalty={e.PenaltyConfirmed.PenaltyTxid} amount={Show.Amount(e.PenaltyConfirmed.AmountSat)} sat",
            ChannelEvent.KindOneofCase.Failed => $"failed reason=\"{e.Failed.Reason}\"",
            _ => "unknown_event (a newer daemon: use --json to see it)",
        };
        return $"{Show.Time(e.TimeMs)} channel={e.ChannelId} meter={e.MeterNodeId} state={Show.State(e.State)} {what}";
    }
}
