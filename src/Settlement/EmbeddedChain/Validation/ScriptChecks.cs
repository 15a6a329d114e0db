using NBitcoin;

namespace Microchannels.EmbeddedChain.Validation;

/// <summary>
/// Runs NBitcoin's script interpreter over every input (validation.cpp CheckInputScripts).
/// Mempool acceptance uses the standard flags, blocks the consensus flags.
/// </summary>
public static class ScriptChecks
{
    /// <summary>The flags of a block after segwit and taproot (GetBlockScriptFlags): P2SH, DERSIG, NULLDUMMY, CLTV, CSV, WITNESS, TAPROOT.</summary>
    public const ScriptVerify Consensus =
        ScriptVerify.P2SH | ScriptVerify.DerSig | ScriptVerify.NullDummy | ScriptVerify.CheckLockTimeVerify |
        ScriptVerify.CheckSequenceVerify | ScriptVerify.Witness | ScriptVerify.Taproot;

    /// <summary>policy.h STANDARD_SCRIPT_VERIFY_FLAGS, as NBitcoin defines them.</summary>
    public const ScriptVerify Standard = ScriptVerify.Standard;

    /// <summary>The first input whose script fails, with the interpreter's error; null when every input verifies.</summary>
    public static (int Input, ScriptError Error)? FirstFailure(Transaction tx, IReadOnlyList<TxOut> spentOutputs, ScriptVerify flags)
    {
        PrecomputedTransactionData precomputed = tx.PrecomputeTransactionData([.. spentOutputs]);
        for (int i = 0; i < tx.Inputs.Count; i++)
        {
            TxIn input = tx.Inputs[i];
            var context = new ScriptEvaluationContext { ScriptVerify = flags };
            var checker = new TransactionChecker(tx, i, spentOutputs[i], precomputed);
            if (!context.VerifyScript(input.ScriptSig, input.WitScript, spentOutputs[i].ScriptPubKey, checker))
            {
                return (i, context.Error == ScriptError.OK ? ScriptError.UnknownError : context.Error);
            }
        }

        return null;
    }

    /// <summary>bitcoind's debug message for a script failure: "input 0 of &lt;txid&gt; (wtxid &lt;wtxid&gt;), spending &lt;txid&gt;:&lt;n&gt;".</summary>
    public static string Details(Transaction tx, int input)
    {
        OutPoint spent = tx.Inputs[input].PrevOut;
        return $"input {input} of {tx.GetHash()} (wtxid {tx.GetWitHash()}), spending {spent.Hash}:{spent.N}";
    }
}
