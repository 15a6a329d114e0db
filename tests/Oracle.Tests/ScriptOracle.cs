using Microchannels.Bitcoin.Transactions;
using NB = NBitcoin;

namespace Microchannels.Oracle.Tests;

/// <summary>
/// NBitcoin's script interpreter as an oracle no one here wrote (issue 15 item 3): each
/// input of a transaction we signed must satisfy the output it spends under Bitcoin
/// Core's standardness flags that matter for BOLT 3 scripts. The native libsecp256k1
/// engine stays ours; NBitcoin only checks, in tests.
/// </summary>
internal static class ScriptOracle
{
    /// <summary>
    /// P2SH, WITNESS, CHECKSEQUENCEVERIFY, CHECKLOCKTIMEVERIFY, LOW_S, NULLFAIL,
    /// STRICTENC, MINIMALIF, WITNESS_PUBKEYTYPE: the consensus rules our scripts use plus
    /// the policy rules a relaying node applies to their signatures, keys and branches.
    /// </summary>
    public const NB.ScriptVerify Flags =
        NB.ScriptVerify.P2SH
        | NB.ScriptVerify.Witness
        | NB.ScriptVerify.CheckSequenceVerify
        | NB.ScriptVerify.CheckLockTimeVerify
        | NB.ScriptVerify.LowS
        | NB.ScriptVerify.NullFail
        | NB.ScriptVerify.StrictEnc
        | NB.ScriptVerify.MinimalIf
        | NB.ScriptVerify.WitnessPubkeyType;

    /// <summary>How many inputs the oracle has checked in this process, so a test can report it.</summary>
    public static long InputsChecked => Interlocked.Read(ref inputsChecked);

    private static long inputsChecked;

    /// <summary>
    /// Our transaction as NBitcoin parses it; the txid and wtxid must agree with ours, so
    /// both read the same bytes the same way.
    /// </summary>
    public static NB.Transaction ToNBitcoin(Transaction transaction)
    {
        var parsed = NB.Transaction.Load(TransactionSerializer.Serialize(transaction), NB.Network.RegTest);
        Assert.Equal(transaction.GetTxId().ToString(), parsed.GetHash().ToString());
        Assert.Equal(transaction.GetWitnessTxId().ToString(), parsed.GetWitHash().ToString());
        return parsed;
    }

    public static NB.TxOut ToNBitcoin(TxOut output) =>
        new(NB.Money.Satoshis(output.Value.Value), new NB.Script(output.ScriptPubKey.ToBytes()));

    /// <summary>The script error of each input (<see cref="NB.ScriptError.OK"/> when it verifies).</summary>
    public static IReadOnlyList<NB.ScriptError> Check(Transaction transaction, IReadOnlyList<TxOut> spentOutputs)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(spentOutputs);
        Assert.Equal(transaction.Inputs.Length, spentOutputs.Count);
        var validator = ToNBitcoin(transaction).CreateValidator([.. spentOutputs.Select(ToNBitcoin)]);
        validator.ScriptVerify = Flags;
        var errors = new NB.ScriptError[transaction.Inputs.Length];
        for (int i = 0; i < errors.Length; i++)
        {
            var result = validator.ValidateInput(i);
            errors[i] = result.Error ?? NB.ScriptError.OK;
            Interlocked.Increment(ref inputsChecked);
        }

        return errors;
    }

    /// <summary>Fails, naming <paramref name="what"/> and the input, unless every input verifies.</summary>
    public static void AssertSpends(Transaction transaction, IReadOnlyList<TxOut> spentOutputs, string what)
    {
        var errors = Check(transaction, spentOutputs);
        for (int i = 0; i < errors.Count; i++)
        {
            Assert.True(errors[i] == NB.ScriptError.OK, $"{what}: input {i} fails NBitcoin's interpreter with {errors[i]}: {transaction}");
        }
    }

    /// <summary>The outputs <paramref name="transaction"/> spends, looked up in <paramref name="parents"/>.</summary>
    public static IReadOnlyList<TxOut> SpentOutputs(Transaction transaction, params Transaction[] parents)
    {
        var byId = parents.ToDictionary(p => p.GetTxId());
        return [.. transaction.Inputs.Select(i => byId[i.PrevOut.TxId].Outputs[(int)i.PrevOut.Index])];
    }
}
