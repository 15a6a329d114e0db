using System.Collections.Immutable;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Channels.Transactions;

/// <summary>
/// The mutual close negotiated with <c>closing_signed</c>: BOLT 3 "Legacy Closing
/// Transaction". Unsigned; both funding keys sign <see cref="SignatureHash"/>.
/// </summary>
public sealed record ClosingTransaction(Transaction Transaction, Satoshis Fee, int? LocalOutputIndex, int? RemoteOutputIndex, CommitmentParameters Parameters)
{
    public byte[] SignatureHash() =>
        SegwitV0SignatureHash.Compute(Transaction, 0, Parameters.FundingScript, Parameters.FundingAmount, SigHashType.All);

    /// <summary>
    /// "MUST round each output down to whole satoshis", "MUST subtract the fee given
    /// by fee_satoshis from the output to the funder", "MUST remove any output below
    /// its own dust_limit_satoshis". The funder must be able to pay the fee.
    /// </summary>
    public static ClosingTransaction Build(
        CommitmentParameters parameters,
        Script localScriptPubKey,
        Script remoteScriptPubKey,
        MilliSatoshis toLocal,
        MilliSatoshis toRemote,
        Satoshis fee)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(localScriptPubKey);
        ArgumentNullException.ThrowIfNull(remoteScriptPubKey);
        long local = toLocal.ToSatoshis().Value;
        long remote = toRemote.ToSatoshis().Value;
        if (parameters.LocalIsOpener)
        {
            local -= fee.Value;
        }
        else
        {
            remote -= fee.Value;
        }

        if (local < 0 || remote < 0 || fee.Value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fee), fee, "The funder's balance cannot pay this closing fee.");
        }

        var outputs = new List<(TxOut Out, bool IsLocal)>();
        if (local >= parameters.DustLimit.Value)
        {
            outputs.Add((new TxOut(new Satoshis(local), localScriptPubKey), true));
        }

        if (remote >= parameters.DustLimit.Value)
        {
            outputs.Add((new TxOut(new Satoshis(remote), remoteScriptPubKey), false));
        }

        var ordered = outputs.OrderBy(o => o.Out, Bip69.OutputComparer).ToList();
        var transaction = new Transaction(
            2,
            [new TxIn(parameters.FundingOutPoint, Script.Empty, 0xFFFFFFFF, Witness.Empty)],
            [.. ordered.Select(o => o.Out)],
            0);
        int localIndex = ordered.FindIndex(o => o.IsLocal);
        int remoteIndex = ordered.FindIndex(o => !o.IsLocal);
        long actualFee = parameters.FundingAmount.Value - ordered.Sum(o => o.Out.Value.Value);
        return new ClosingTransaction(
            transaction,
            new Satoshis(actualFee),
            localIndex < 0 ? null : localIndex,
            remoteIndex < 0 ? null : remoteIndex,
            parameters);
    }
}
