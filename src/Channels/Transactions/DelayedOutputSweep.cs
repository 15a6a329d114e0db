using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Channels.Transactions;

/// <summary>
/// BOLT 5 "Unilateral Close Handling: Local Commitment Transaction": "SHOULD spend
/// the to_local output to a convenient address" once "the OP_CHECKSEQUENCEVERIFY
/// delay has passed". The input's nSequence is <c>to_self_delay</c> (BOLT 3
/// "<c>to_local</c> Output"), so the transaction is only valid after that many blocks.
/// </summary>
public static class DelayedOutputSweep
{
    public static (ClaimTransaction? Claim, ClaimSkipReason? Skip) Build(
        CommitmentTransaction localCommitment,
        Script destination,
        FeeratePerKw feerate,
        Satoshis dustLimit)
    {
        ArgumentNullException.ThrowIfNull(localCommitment);
        var toLocal = localCommitment.ToLocal;
        if (toLocal is null)
        {
            return (null, ClaimSkipReason.NothingToClaim);
        }

        var input = new ClaimInput(
            new OutPoint(localCommitment.Transaction.GetTxId(), (uint)toLocal.Index),
            toLocal.Amount,
            toLocal.WitnessScript!,
            ClaimedOutputKind.ToLocal);
        return ClaimTransaction.Build(
            [input],
            localCommitment.Parameters.ToSelfDelay,
            destination,
            feerate,
            dustLimit,
            i => ChannelWitnesses.ToLocalDelayed(PenaltyTransaction.PlaceholderSignature, i.WitnessScript));
    }
}
