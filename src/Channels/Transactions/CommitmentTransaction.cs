using System.Collections.Immutable;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Channels.Transactions;

/// <summary>
/// An unsigned commitment transaction (BOLT 3 "Commitment Transaction
/// Construction") with the map from its outputs back to what they pay.
/// </summary>
public sealed record CommitmentTransaction(
    Transaction Transaction,
    ImmutableArray<CommitmentOutput> Outputs,
    ulong CommitmentNumber,
    Satoshis Fee,
    CommitmentParameters Parameters,
    CommitmentKeys Keys)
{
    public CommitmentOutput? ToLocal => Outputs.FirstOrDefault(o => o.Kind == CommitmentOutputKind.ToLocal);

    public CommitmentOutput? ToRemote => Outputs.FirstOrDefault(o => o.Kind == CommitmentOutputKind.ToRemote);

    /// <summary>HTLC outputs in output order: the order of <c>htlc_signatures</c> in <c>commitment_signed</c>.</summary>
    public IEnumerable<CommitmentOutput> HtlcOutputs => Outputs.Where(o => o.Htlc is not null);

    /// <summary>The BIP 143 SIGHASH_ALL digest both funding keys sign.</summary>
    public byte[] FundingSignatureHash() =>
        SegwitV0SignatureHash.Compute(Transaction, 0, Parameters.FundingScript, Parameters.FundingAmount, SigHashType.All);

    public static CommitmentTransaction Build(CommitmentParameters parameters, CommitmentKeys keys, ulong commitmentNumber, CommitmentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(spec);

        // 1-2. Which HTLCs are trimmed, and the base fee from the untrimmed count.
        var untrimmed = spec.Htlcs.Where(h => !CommitmentWeights.IsTrimmed(h, spec.Feerate, parameters.DustLimit)).ToList();
        var baseFee = CommitmentWeights.CommitmentFee(spec.Feerate, untrimmed.Count);

        // 3. "Subtract this base fee from the funder": an opener that cannot pay it
        // ends with nothing, and the remainder of the fee comes from trimming.
        long toLocalSat = spec.ToLocal.ToSatoshis().Value;
        long toRemoteSat = spec.ToRemote.ToSatoshis().Value;
        if (parameters.LocalIsOpener)
        {
            toLocalSat = Math.Max(0, SubtractFeeMsat(spec.ToLocal, baseFee) / 1000);
        }
        else
        {
            toRemoteSat = Math.Max(0, SubtractFeeMsat(spec.ToRemote, baseFee) / 1000);
        }

        var candidates = new List<(CommitmentOutput Output, uint Cltv)>();

        // 4-5. Offered and received HTLC outputs.
        foreach (var htlc in untrimmed)
        {
            var script = htlc.Direction == HtlcDirection.Offered
                ? ChannelScripts.OfferedHtlc(keys.RevocationPubKey, keys.LocalHtlcPubKey, keys.RemoteHtlcPubKey, htlc.PaymentHash.AsSpan())
                : ChannelScripts.ReceivedHtlc(keys.RevocationPubKey, keys.LocalHtlcPubKey, keys.RemoteHtlcPubKey, htlc.PaymentHash.AsSpan(), htlc.CltvExpiry);
            var kind = htlc.Direction == HtlcDirection.Offered ? CommitmentOutputKind.OfferedHtlc : CommitmentOutputKind.ReceivedHtlc;
            candidates.Add((new CommitmentOutput(kind, -1, htlc.Amount.ToSatoshis(), StandardScripts.PayToWitnessScriptHash(script), script, htlc), htlc.CltvExpiry));
        }

        // 6. to_local, if at or above the owner's dust limit.
        if (toLocalSat >= parameters.DustLimit.Value)
        {
            var script = ChannelScripts.ToLocal(keys.RevocationPubKey, parameters.ToSelfDelay, keys.LocalDelayedPubKey);
            candidates.Add((new CommitmentOutput(CommitmentOutputKind.ToLocal, -1, new Satoshis(toLocalSat), StandardScripts.PayToWitnessScriptHash(script), script, null), 0));
        }

        // 7. to_remote, likewise (P2WPKH under option_static_remotekey).
        if (toRemoteSat >= parameters.DustLimit.Value)
        {
            candidates.Add((new CommitmentOutput(CommitmentOutputKind.ToRemote, -1, new Satoshis(toRemoteSat), ChannelScripts.ToRemote(keys.RemotePaymentPubKey), null, null), 0));
        }

        // 9. BIP 69 + CLTV order (BOLT 3 "Transaction Output Ordering").
        var ordered = candidates
            .OrderBy(c => new TxOut(c.Output.Amount, c.Output.ScriptPubKey), Bip69.OutputComparer)
            .ThenBy(c => c.Cltv)
            .Select((c, i) => c.Output with { Index = i })
            .ToImmutableArray();

        var (sequence, lockTime) = ObscuredCommitmentNumber.Encode(commitmentNumber, parameters.ObscuringFactor);
        var transaction = new Transaction(
            2,
            [new TxIn(parameters.FundingOutPoint, Script.Empty, sequence, Witness.Empty)],
            [.. ordered.Select(o => new TxOut(o.Amount, o.ScriptPubKey))],
            lockTime);

        long outputsTotal = ordered.Sum(o => o.Amount.Value);
        return new CommitmentTransaction(transaction, ordered, commitmentNumber, new Satoshis(parameters.FundingAmount.Value - outputsTotal), parameters, keys);
    }

    private static long SubtractFeeMsat(MilliSatoshis balance, Satoshis fee) =>
        checked((long)balance.Value - (fee.Value * 1000));
}
