namespace Microchannels.EmbeddedChain.Validation;

/// <summary>The outcome of <see cref="MempoolAcceptance.Check"/>: a rejection, or the fee, size and replaced transactions of an acceptance.</summary>
public sealed record MempoolDecision(TxRejection? Rejection, long Fee, long ModifiedFee, int VirtualSize, IReadOnlyCollection<NBitcoin.uint256> Evicted)
{
    public bool Accepted => Rejection is null;

    public static MempoolDecision Reject(TxRejection rejection) => new(rejection, 0, 0, 0, []);

    public static MempoolDecision Reject(string reason) => Reject(new TxRejection(reason));

    public static MempoolDecision Accept(long fee, long modifiedFee, int virtualSize, IReadOnlyCollection<NBitcoin.uint256> evicted) =>
        new(null, fee, modifiedFee, virtualSize, evicted);
}
