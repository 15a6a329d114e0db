namespace Microchannels.Bitcoin.Chain;

/// <summary>
/// The fee rate to pay for a transaction to confirm within a number of blocks, in the
/// unit BOLT 2 and BOLT 3 use (sat per 1000 weight): what an opener picks for its first
/// commitment and for <c>update_fee</c>, and what a node closes at. Settlement's
/// <c>FeeEstimator</c> implements it over bitcoind's <c>estimatesmartfee</c>.
/// </summary>
public interface IFeerateEstimator
{
    Task<FeeratePerKw> EstimateFeerateAsync(int confirmationTarget, CancellationToken cancellationToken);
}
