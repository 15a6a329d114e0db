namespace Microchannels.Settlement.Broadcasting;

/// <summary>Where a broadcast left the transaction; both mean "nothing more to do".</summary>
public enum BroadcastOutcome
{
    /// <summary>bitcoind's mempool holds it: accepted now, or it was there already (same txid).</summary>
    InMempool,

    /// <summary>It is already confirmed on bitcoind's best chain.</summary>
    AlreadyConfirmed,
}
