using System.Globalization;
using Spectre.Console;

namespace Microchannels.Demo.Run;

/// <summary>The closing report: per channel, its transactions, final balances, the checks and the statement.</summary>
internal static class Report
{
    public static void Print(IAnsiConsole console, IReadOnlyList<ChannelOutcome> outcomes, bool plain)
    {
        foreach (var o in outcomes)
        {
            var lines = new List<string>
            {
                $"{o.Meter} ({o.Load}), channel {o.ChannelId}, {o.Close} close",
                $"  funding  {o.FundingTxid}:{o.FundingOutputIndex}  {o.FundingSat:#,0} sat  ({o.FundingConfirmations} confirmations)",
                $"  closing  {o.ClosingTxid}  ({o.ClosingConfirmations} confirmations){(o.Close == "force" ? "  the provider's commitment" : "")}",
            };
            if (o.SweepTxid is not null)
            {
                lines.Add($"  sweep    {o.SweepTxid}  ({o.SweepConfirmations} confirmations), {o.SweepAfterBlocks} blocks after the commitment, to_self_delay {o.ToSelfDelay}");
            }

            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  final    meter {o.MeterFinalSat:#,0} sat + provider {o.ProviderFinalSat:#,0} sat + fees {o.FeesSat:#,0} sat = {o.MeterFinalSat + o.ProviderFinalSat + o.FeesSat:#,0} sat (funding {o.FundingSat:#,0})"));
            string providerOutput = o.ProviderCloseOutputSat is { } p
                ? FormattableString.Invariant($"provider's close output {p:#,0} sat")
                : FormattableString.Invariant($"provider's {o.ReceivedMsat / 1000:#,0} sat below the 546 sat dust limit: no output, it went to the fee (BOLT 3)");
            lines.Add(FormattableString.Invariant(
                $"  paid     {o.TransferCount} transfers, {o.JournalNetMsat:#,0} msat in the journal; provider received {o.ReceivedMsat:#,0} msat, meter acknowledged {o.MeterPaidMsat:#,0} msat; {providerOutput}"));
            lines.Add($"  {o.Statement}");
            lines.Add(o.Problems.Count == 0 ? "  check    adds up to the satoshi" : $"  check    FAILED: {string.Join("; ", o.Problems)}");
            foreach (string line in lines)
            {
                if (plain)
                {
                    console.WriteLine(line);
                }
                else
                {
                    console.MarkupLine(line.StartsWith("  check    FAILED", StringComparison.Ordinal) ? $"[red]{Markup.Escape(line)}[/]"
                        : line.StartsWith("  check", StringComparison.Ordinal) ? $"[green]{Markup.Escape(line)}[/]"
                        : line.StartsWith(' ') ? Markup.Escape(line) : $"[bold]{Markup.Escape(line)}[/]");
                }
            }
        }
    }
}
