using NBitcoin;
using Microchannels.EmbeddedChain.Chain;

namespace Microchannels.EmbeddedChain.Validation;

/// <summary>Replace-by-fee as bitcoind v30 applies it to every transaction (full RBF; policy/rbf.cpp, doc/policy/mempool-replacements.md).</summary>
public sealed partial class MempoolAcceptance
{
    private TxRejection? Replacement(Transaction tx, HashSet<uint256> conflicts, long modifiedFee, int virtualSize, out IReadOnlyCollection<uint256> evicted)
    {
        evicted = [];
        uint256 txId = tx.GetHash();

        // EntriesAndTxidsDisjoint: it may not spend what it replaces.
        IReadOnlyCollection<uint256> ancestors = mempool.AncestorsOf(tx);
        foreach (uint256 conflict in conflicts)
        {
            if (ancestors.Contains(conflict))
            {
                return new("bad-txns-spends-conflicting-tx", $"{txId} spends conflicting transaction {conflict}");
            }
        }

        var all = new HashSet<uint256>();
        foreach (uint256 conflict in conflicts)
        {
            all.UnionWith(mempool.WithDescendants(conflict));
        }

        if (all.Count > MaxReplacementCandidates)
        {
            return new("too many potential replacements", $"rejecting replacement {txId}; too many potential replacements ({all.Count} > {MaxReplacementCandidates})");
        }

        // PaysMoreThanConflicts: a higher feerate than each transaction it directly replaces.
        foreach (uint256 conflict in conflicts)
        {
            mempool.TryGet(conflict, out MempoolEntry? entry);
            long theirs = Modified(entry!);
            if ((decimal)modifiedFee / virtualSize <= (decimal)theirs / entry!.VirtualSize)
            {
                return new("insufficient fee", $"rejecting replacement {txId}; new feerate {MoneyFormat.FeeRate(modifiedFee * 1000 / virtualSize)} <= old feerate {MoneyFormat.FeeRate(theirs * 1000 / entry.VirtualSize)}");
            }
        }

        // PaysForRBF rules 3 and 4: at least the fees of everything evicted, plus its own relay.
        long original = all.Sum(id => mempool.TryGet(id, out MempoolEntry? entry) ? Modified(entry) : 0);
        if (modifiedFee < original)
        {
            return new("insufficient fee", $"rejecting replacement {txId}, less fees than conflicting txs; {MoneyFormat.Format(modifiedFee)} < {MoneyFormat.Format(original)}");
        }

        long relay = MoneyFormat.FeeFor(policy.IncrementalRelayFeeRate, virtualSize);
        if (modifiedFee - original < relay)
        {
            return new("insufficient fee", $"rejecting replacement {txId}, not enough additional fees to relay; {MoneyFormat.Format(modifiedFee - original)} < {MoneyFormat.Format(relay)}");
        }

        evicted = all;
        return null;
    }

    private long Modified(MempoolEntry entry) => entry.Fee + feeDeltas.GetValueOrDefault(entry.TxId);
}
