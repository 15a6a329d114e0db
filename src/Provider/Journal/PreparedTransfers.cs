namespace Microchannels.Provider.Journal;

/// <summary>
/// What <see cref="TransferJournal.PrepareAsync"/> wrote ahead of one channel save: its entries,
/// durable and numbered but not yet shown. The save's outcome is reported with
/// <see cref="TransferJournal.Commit"/> (durable) or <see cref="TransferJournal.AbandonAsync"/> (not).
/// </summary>
public sealed class PreparedTransfers
{
    internal PreparedTransfers(IReadOnlyList<TransferJournal.Pending> entries) => Entries = entries;

    public static PreparedTransfers None { get; } = new([]);

    internal IReadOnlyList<TransferJournal.Pending> Entries { get; }

    /// <summary>The entries as numbered now (a sequence may still move down if an earlier save is abandoned).</summary>
    public IReadOnlyList<JournaledTransfer> Transfers => [.. Entries.Select(p => p.Current)];
}
