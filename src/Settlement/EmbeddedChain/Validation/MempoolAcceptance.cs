using NBitcoin;
using Microchannels.EmbeddedChain.Chain;

namespace Microchannels.EmbeddedChain.Validation;

/// <summary>
/// Whether a transaction may enter the mempool, checked in the order of bitcoind v30's
/// MemPoolAccept (validation.cpp PreChecks, ReplacementChecks, PolicyScriptChecks), each
/// refusal with bitcoind's own reject reason. Consensus: inputs exist and are unspent,
/// coinbase maturity, nLockTime (BIP 113), BIP 68 relative locks, inputs cover outputs,
/// scripts and signatures (NBitcoin's interpreter under the standard flags, which include
/// BIP 65/112). Policy: standard outputs, dust, the minimum relay fee, BIP 125 replacement.
/// </summary>
public sealed partial class MempoolAcceptance(ChainState chain, Mempool mempool, RelayPolicy policy, IReadOnlyDictionary<uint256, long> feeDeltas)
{
    /// <summary>policy.h MIN_STANDARD_TX_NONWITNESS_SIZE.</summary>
    private const int MinStandardNonWitnessSize = 65;

    /// <summary>policy.h MAX_STANDARD_TX_WEIGHT.</summary>
    private const int MaxStandardWeight = 400_000;

    /// <summary>policy/rbf.h MAX_REPLACEMENT_CANDIDATES.</summary>
    private const int MaxReplacementCandidates = 100;

    /// <summary>Checks <paramref name="tx"/>; <paramref name="bypassFeeFloor"/> re-admits transactions of disconnected blocks as bitcoind does (bypass_limits).</summary>
    public MempoolDecision Check(Transaction tx, bool bypassFeeFloor = false)
    {
        if (CheckTransaction(tx) is { } invalid)
        {
            return MempoolDecision.Reject(invalid);
        }

        if (tx.IsCoinBase)
        {
            return MempoolDecision.Reject("coinbase");
        }

        if (Standardness(tx) is { } nonStandard)
        {
            return MempoolDecision.Reject(nonStandard);
        }

        BlockRecord tip = chain.Tip;
        int nextHeight = tip.Height + 1;
        if (!LockTimes.IsFinal(tx, nextHeight, tip.MedianTimePast))
        {
            return MempoolDecision.Reject(new TxRejection("non-final"));
        }

        uint256 txId = tx.GetHash();
        if (mempool.TryGet(txId, out MempoolEntry? same))
        {
            return MempoolDecision.Reject(same.WitnessTxId == tx.GetWitHash() ? "txn-already-in-mempool" : "txn-same-nonwitness-data-in-mempool");
        }

        var conflicts = new HashSet<uint256>();
        foreach (TxIn input in tx.Inputs)
        {
            if (mempool.SpenderOf(input.PrevOut) is { } conflict)
            {
                conflicts.Add(conflict);
            }
        }

        // The coins: the chain's UTXO set and the outputs of mempool transactions (CCoinsViewMemPool).
        var spentOutputs = new List<TxOut>(tx.Inputs.Count);
        var heights = new List<int>(tx.Inputs.Count);
        var coins = new List<UtxoEntry>(tx.Inputs.Count);
        foreach (TxIn input in tx.Inputs)
        {
            UtxoEntry? coin = chain.GetUtxo(input.PrevOut)
                ?? (mempool.OutputOf(input.PrevOut) is { } unconfirmed ? new UtxoEntry(unconfirmed, nextHeight, false) : null);
            if (coin is null)
            {
                for (int i = 0; i < tx.Outputs.Count; i++)
                {
                    if (chain.GetUtxo(new OutPoint(txId, i)) is not null)
                    {
                        return MempoolDecision.Reject("txn-already-known");
                    }
                }

                return MempoolDecision.Reject(new TxRejection("bad-txns-inputs-missingorspent", null, MissingInputs: true));
            }

            coins.Add(coin);
            spentOutputs.Add(coin.Output);
            heights.Add(coin.Height);
        }

        if (!LockTimes.SequenceLocksMet(tx, heights, tip))
        {
            return MempoolDecision.Reject("non-BIP68-final");
        }

        if (CheckTxInputs(tx, coins, nextHeight, out long fee) is { } badInputs)
        {
            return MempoolDecision.Reject(badInputs);
        }

        int virtualSize = tx.GetVirtualSize();
        long modifiedFee = fee + feeDeltas.GetValueOrDefault(txId);
        long minimum = MoneyFormat.FeeFor(policy.MinRelayFeeRate, virtualSize);
        if (!bypassFeeFloor && modifiedFee < minimum)
        {
            return MempoolDecision.Reject(new TxRejection("min relay fee not met", $"{modifiedFee} < {minimum}"));
        }

        IReadOnlyCollection<uint256> evicted = [];
        if (conflicts.Count > 0)
        {
            if (Replacement(tx, conflicts, modifiedFee, virtualSize, out evicted) is { } refused)
            {
                return MempoolDecision.Reject(refused);
            }
        }

        if (ScriptChecks.FirstFailure(tx, spentOutputs, ScriptChecks.Standard) is { } failure)
        {
            return MempoolDecision.Reject(new TxRejection(
                $"mempool-script-verify-flag-failed ({ScriptErrorText.Of(failure.Error)})", ScriptChecks.Details(tx, failure.Input)));
        }

        return MempoolDecision.Accept(fee, modifiedFee, virtualSize, evicted);
    }

    /// <summary>consensus/tx_check.cpp CheckTransaction, through NBitcoin's own check.</summary>
    private static TxRejection? CheckTransaction(Transaction tx) => tx.Check() switch
    {
        TransactionCheckResult.Success => null,
        TransactionCheckResult.NoInput => new("bad-txns-vin-empty"),
        TransactionCheckResult.NoOutput => new("bad-txns-vout-empty"),
        TransactionCheckResult.TransactionTooLarge => new("bad-txns-oversize"),
        TransactionCheckResult.NegativeOutput => new("bad-txns-vout-negative"),
        TransactionCheckResult.OutputTooLarge => new("bad-txns-vout-toolarge"),
        TransactionCheckResult.OutputTotalTooLarge => new("bad-txns-txouttotal-toolarge"),
        TransactionCheckResult.DuplicateInputs => new("bad-txns-inputs-duplicate"),
        TransactionCheckResult.NullInputPrevOut => new("bad-txns-prevout-null"),
        TransactionCheckResult.CoinbaseScriptTooLarge => new("bad-cb-length"),
        var other => new($"bad-txns-{other}"),
    };

    /// <summary>policy.cpp IsStandardTx, the parts a channel's transactions meet: version, size, scriptSig, output scripts, dust.</summary>
    private TxRejection? Standardness(Transaction tx)
    {
        if (tx.Version is < 1 or > 3)
        {
            return new("version");
        }

        if (Weight(tx) > MaxStandardWeight)
        {
            return new("tx-size");
        }

        foreach (TxIn input in tx.Inputs)
        {
            if (input.ScriptSig.Length > 1650)
            {
                return new("scriptsig-size");
            }

            if (!input.ScriptSig.IsPushOnly)
            {
                return new("scriptsig-not-pushonly");
            }
        }

        foreach (TxOut output in tx.Outputs)
        {
            if (ScriptKind.Of(output.ScriptPubKey) == ScriptKind.NonStandard)
            {
                return new("scriptpubkey");
            }

            if (output.Value.Satoshi < DustThreshold(output))
            {
                return new("dust");
            }
        }

        return tx.WithOptions(TransactionOptions.None).ToBytes().Length < MinStandardNonWitnessSize ? new("tx-size-small") : null;
    }

    /// <summary>BIP 141 weight: the size without witness times three, plus the full size.</summary>
    public static int Weight(Transaction tx) => (tx.WithOptions(TransactionOptions.None).ToBytes().Length * 3) + tx.ToBytes().Length;

    /// <summary>policy.cpp GetDustThreshold: what spending the output would cost at the dust relay fee rate.</summary>
    private long DustThreshold(TxOut output)
    {
        if (output.ScriptPubKey.IsUnspendable)
        {
            return 0;
        }

        int size = output.GetSerializedSize();
        bool witness = ScriptKind.Of(output.ScriptPubKey).StartsWith("witness", StringComparison.Ordinal) || ScriptKind.Of(output.ScriptPubKey) == "anchor";
        size += witness ? 32 + 4 + 1 + (107 / 4) + 4 : 32 + 4 + 1 + 107 + 4;
        return MoneyFormat.FeeFor(policy.DustRelayFeeRate, size);
    }

    /// <summary>consensus/tx_verify.cpp Consensus::CheckTxInputs: coinbase maturity and value in against value out.</summary>
    private static TxRejection? CheckTxInputs(Transaction tx, List<UtxoEntry> coins, int spendHeight, out long fee)
    {
        fee = 0;
        long valueIn = 0;
        foreach (UtxoEntry coin in coins)
        {
            if (coin.IsCoinbase && spendHeight - coin.Height < ChainState.CoinbaseMaturity)
            {
                return new("bad-txns-premature-spend-of-coinbase", $"tried to spend coinbase at depth {spendHeight - coin.Height}");
            }

            valueIn += coin.Output.Value.Satoshi;
        }

        long valueOut = tx.TotalOut.Satoshi;
        if (valueIn < valueOut)
        {
            return new("bad-txns-in-belowout", $"value in ({MoneyFormat.Format(valueIn)}) < value out ({MoneyFormat.Format(valueOut)})");
        }

        fee = valueIn - valueOut;
        return null;
    }
}
