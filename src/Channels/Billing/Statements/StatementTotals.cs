namespace Microchannels.Channels.Billing.Statements;

/// <summary>
/// A statement's totals (docs/STATEMENTS.md): energy imported and exported over the
/// period (the last reading's registers minus the opening reading's) and the money
/// its readings paid (the sum of their amount_msat).
/// </summary>
public sealed record StatementTotals(ulong ImportWh, ulong ExportWh, MilliSatoshis AmountMsat);
