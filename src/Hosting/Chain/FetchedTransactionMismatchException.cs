using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Hosting.Chain;

/// <summary>
/// The chain source answered a request for one transaction with another: the engine must
/// never check a funding output against a transaction it did not ask for (BOLT 2 "The
/// channel_ready Message" checks the funding output of the transaction named in funding_created).
/// </summary>
public sealed class FetchedTransactionMismatchException : Exception
{
    public FetchedTransactionMismatchException(TxId requested, TxId received)
        : base($"Asked the chain for transaction {requested} and received {received}.")
    {
        Requested = requested;
        Received = received;
    }

    public TxId Requested { get; }

    public TxId Received { get; }
}
