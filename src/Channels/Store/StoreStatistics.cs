namespace Microchannels.Channels.Store;

/// <summary>
/// Counters of a store's writer since it was opened. With group commit,
/// <see cref="TransactionsCommitted"/> grows much more slowly than
/// <see cref="RecordsWritten"/> under load: that ratio is the fsync saving.
/// </summary>
/// <param name="RecordsWritten">Saves applied (stale saves excluded).</param>
/// <param name="RecordsDeleted">Deletes applied that removed a record.</param>
/// <param name="StaleWritesRejected">Saves refused with <see cref="StaleChannelWriteException"/>.</param>
/// <param name="TransactionsCommitted">Write transactions committed, i.e. durable syncs.</param>
public readonly record struct StoreStatistics(
    long RecordsWritten,
    long RecordsDeleted,
    long StaleWritesRejected,
    long TransactionsCommitted);
