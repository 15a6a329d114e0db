using Microchannels.Provider.Api.V1;
using Spectre.Console.Rendering;

namespace Microchannels.Cli.Output;

/// <summary>The table of a billing statement (mcli getstatement).</summary>
public static class StatementViews
{
    public static IRenderable One(Statement statement, string? writtenTo)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var table = Tables.Fields(
            ("channel id", statement.ChannelId),
            ("period", $"{Show.Seconds(statement.PeriodStart)} to {Show.Seconds(statement.PeriodEnd)}"),
            ("readings", Show.Amount(statement.ReadingCount)),
            ("first index", Show.Number(statement.FirstIndex)),
            ("tree size", Show.Number(statement.TreeSize)),
            ("merkle root", statement.Root),
            ("imported (Wh)", Show.Amount(statement.ImportWh)),
            ("exported (Wh)", Show.Amount(statement.ExportWh)),
            ("amount (msat)", Show.Amount(statement.AmountMsat)),
            ("tariff (msat/Wh)", Show.Amount(statement.TariffMsatPerWh)),
            ("provider signature", Show.OrDash(statement.ProviderSignature)),
            ("meter signature", Show.OrDash(statement.MeterSignature)));
        return writtenTo is null ? table : Tables.Stack(table, Tables.Line($"statement file written to {writtenTo}"));
    }
}
