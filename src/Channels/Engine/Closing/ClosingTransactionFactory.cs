using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Engine.Closing;

/// <summary>
/// Builds the BOLT 3 "Legacy Closing Transaction" from our side of a quiet channel:
/// final balances from our latest commitment, our own dust limit ("MUST remove any output
/// below its own dust_limit_satoshis"), the fee from the funder's output.
/// </summary>
internal static class ClosingTransactionFactory
{
    /// <summary>BOLT 3 "Fee Calculation": "Signatures are 73 bytes long (the maximum length)" (DER plus the sighash byte).</summary>
    private const int MaxSignatureSize = 73;

    public static Satoshis FunderBalance(Commitments commitments)
    {
        var spec = commitments.LocalCommit.Spec;
        return (commitments.Parameters.LocalIsOpener ? spec.ToLocal : spec.ToRemote).ToSatoshis();
    }

    /// <summary>The closing transaction paying <paramref name="feeSatoshis"/>, which must not exceed <see cref="FunderBalance"/>.</summary>
    public static ClosingTransaction Build(Commitments commitments, Script localScript, Script remoteScript, ulong feeSatoshis)
    {
        var spec = commitments.LocalCommit.Spec;
        return ClosingTransaction.Build(commitments.Parameters.LocalCommitmentParameters, localScript, remoteScript, spec.ToLocal, spec.ToRemote, new Satoshis(checked((long)feeSatoshis)));
    }

    /// <summary>
    /// BOLT 3: "MAY eliminate its own output" — "there are two possible variants for each
    /// node", and "The signature indicates which variant has been used". The peer's
    /// variant without its output is ours without the remote output.
    /// </summary>
    public static ClosingTransaction? WithoutRemoteOutput(ClosingTransaction closing)
    {
        if (closing.RemoteOutputIndex is not { } remoteIndex)
        {
            return null;
        }

        var outputs = closing.Transaction.Outputs.RemoveAt(remoteIndex);
        int? localIndex = closing.LocalOutputIndex is { } index ? (index > remoteIndex ? index - 1 : index) : null;
        long fee = closing.Parameters.FundingAmount.Value - outputs.Sum(o => o.Value.Value);
        return closing with
        {
            Transaction = closing.Transaction with { Outputs = outputs },
            Fee = new Satoshis(fee),
            LocalOutputIndex = localIndex,
            RemoteOutputIndex = null,
        };
    }

    /// <summary>
    /// The expected weight of the signed closing transaction: built with no fee (so both
    /// outputs present unless dust) and a funding witness holding two maximum-size signatures.
    /// </summary>
    public static long ExpectedWeight(Commitments commitments, Script localScript, Script remoteScript)
    {
        var closing = Build(commitments, localScript, remoteScript, 0);
        var fundingScript = closing.Parameters.FundingScript.ToBytes();
        var witness = new Witness([], new byte[MaxSignatureSize], new byte[MaxSignatureSize], fundingScript);
        return closing.Transaction.WithWitness(0, witness).Weight;
    }
}
