using Microchannels.Provider.Api.V1;
using Spectre.Console.Rendering;

namespace Microchannels.Cli.Output;

/// <summary>Stream lines for committed transfers, and the table for SendTransfer.</summary>
public static class TransferViews
{
    /// <summary>One transfer: "#12 2026-12-02 12:00:00Z received 1,000 msat channel=… meter=… …".</summary>
    public static string Line(Transfer t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return $"#{Show.Number(t.Sequence)} {Show.Time(t.CommittedAtMs)} {Show.Direction(t.Direction)} {Show.Amount(t.AmountMsat)} msat"
            + $" channel={t.ChannelId} meter={t.MeterNodeId} transfer_id={Show.Number(t.TransferId)}"
            + $" commitment={Show.Number(t.LocalCommitmentNumber)} reading=\"{Show.Reading(t.Reading)}\"";
    }

    public static IRenderable Sent(SendTransferResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Tables.Stack(
            Tables.Fields(
                ("channel id", response.ChannelId),
                ("state", Show.State(response.State)),
                ("local balance before (msat)", Show.Amount(response.LocalBalanceMsat))),
            Tables.Line("accepted: committed once it appears on mcli subscribetransfers (direction sent)"));
    }
}
