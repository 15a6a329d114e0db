using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Channels.Transactions;

/// <summary>
/// BOLT 5 "Revoked Transaction Close Handling": one transaction that resolves
/// every revoked output with the revocation private key ("MAY use a single
/// transaction to resolve all the outputs"; without anchors that is safe).
/// </summary>
public static class PenaltyTransaction
{
    /// <summary>
    /// The revoked outputs of <paramref name="revokedCommitment"/>, as rebuilt by
    /// the victim from the revealed secret: the cheater's <c>to_local</c> and every HTLC.
    /// </summary>
    public static IReadOnlyList<ClaimInput> RevokedOutputs(CommitmentTransaction revokedCommitment)
    {
        ArgumentNullException.ThrowIfNull(revokedCommitment);
        var txId = revokedCommitment.Transaction.GetTxId();
        return revokedCommitment.Outputs
            .Where(o => o.Kind != CommitmentOutputKind.ToRemote)
            .Select(o => new ClaimInput(new OutPoint(txId, (uint)o.Index), o.Amount, o.WitnessScript!, o.Kind switch
            {
                CommitmentOutputKind.ToLocal => ClaimedOutputKind.ToLocal,
                CommitmentOutputKind.OfferedHtlc => ClaimedOutputKind.OfferedHtlc,
                _ => ClaimedOutputKind.ReceivedHtlc,
            }))
            .ToList();
    }

    /// <summary>Builds the unsigned penalty, or says why not.</summary>
    public static (ClaimTransaction? Claim, ClaimSkipReason? Skip) Build(
        IReadOnlyList<ClaimInput> revokedOutputs,
        PublicKey revocationPubKey,
        Script destination,
        FeeratePerKw feerate,
        Satoshis dustLimit)
    {
        ArgumentNullException.ThrowIfNull(revokedOutputs);
        ArgumentNullException.ThrowIfNull(revocationPubKey);
        // Opt in to replacement (BIP 125) so the penalty can be fee-bumped.
        return ClaimTransaction.Build(revokedOutputs, 0xFFFFFFFD, destination, feerate, dustLimit, input => Witness(input, PlaceholderSignature, revocationPubKey));
    }

    /// <summary>The witness for input <paramref name="input"/> given the revocation key's signature.</summary>
    public static Witness Witness(ClaimInput input, EcdsaSignature revocationSignature, PublicKey revocationPubKey)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Kind is ClaimedOutputKind.ToLocal or ClaimedOutputKind.HtlcTransactionOutput
            ? ChannelWitnesses.ToLocalPenalty(revocationSignature, input.WitnessScript)
            : ChannelWitnesses.HtlcPenalty(revocationSignature, revocationPubKey, input.WitnessScript);
    }

    /// <summary>A valid-shaped signature whose DER form is the maximal 72 bytes, for weight estimation.</summary>
    internal static EcdsaSignature PlaceholderSignature { get; } = EcdsaSignature.FromCompact(MaxLengthCompact());

    private static byte[] MaxLengthCompact()
    {
        // r and s both below the curve order with the top bit set: DER pads each with
        // 0x00, giving 2 + 2 * (2 + 33) = 72 bytes, the longest a signature can be.
        var compact = new byte[64];
        compact.AsSpan(0, 32).Fill(0x80);
        compact.AsSpan(32, 32).Fill(0x7f);
        compact[32] = 0x80;
        return compact;
    }
}
