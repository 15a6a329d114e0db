using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Signing;

/// <summary>
/// Everything that needs a channel's private keys, behind named operations
/// (DESIGN.md decision 5; LDK's <c>sign/ecdsa.rs</c>, STYLE.md #7). The engine
/// builds unsigned transactions and asks for signatures; it never reads a key.
/// An implementation may live in a secure element or another process.
/// </summary>
public interface IChannelSigner
{
    /// <summary>Our funding key and basepoints, sent in <c>open_channel</c> / <c>accept_channel</c>.</summary>
    ChannelBasepoints Basepoints { get; }

    /// <summary>Our <c>per_commitment_point</c> for commitment number <paramref name="commitmentNumber"/>.</summary>
    PublicKey GetPerCommitmentPoint(ulong commitmentNumber);

    /// <summary>
    /// Reveals our <c>per_commitment_secret</c> for <paramref name="commitmentNumber"/>,
    /// revoking that commitment (BOLT 2 <c>revoke_and_ack</c>). From then on the
    /// signer refuses to sign it, or any older one, for broadcast.
    /// </summary>
    byte[] RevokeHolderCommitment(ulong commitmentNumber);

    /// <summary>
    /// Phase one of a revocation: our <c>per_commitment_secret</c> for
    /// <paramref name="commitmentNumber"/>, read without revoking. The engine puts it in a
    /// <c>revoke_and_ack</c> that leaves only after the new commitment is stored and
    /// <see cref="MarkHolderCommitmentRevoked"/> has run, so a crash in between never leaves
    /// the signer refusing the commitment the store still holds.
    /// </summary>
    byte[] GetHolderCommitmentSecret(ulong commitmentNumber);

    /// <summary>
    /// Phase two: commitment <paramref name="commitmentNumber"/> (and every older one) is
    /// revoked; the signer refuses to sign it for broadcast from now on. Idempotent.
    /// </summary>
    void MarkHolderCommitmentRevoked(ulong commitmentNumber);

    /// <summary>Our funding signature for the counterparty's commitment (sent in <c>commitment_signed</c>).</summary>
    EcdsaSignature SignCounterpartyCommitment(CommitmentTransaction counterpartyCommitment);

    /// <summary>
    /// Our signatures for the counterparty's HTLC transactions, in output order (the
    /// <c>htlc_signature</c> list of <c>commitment_signed</c>).
    /// </summary>
    IReadOnlyList<EcdsaSignature> SignCounterpartyHtlcTransactions(IReadOnlyList<HtlcTransaction> htlcTransactions, PublicKey counterpartyPerCommitmentPoint);

    /// <summary>Our funding signature on our own latest commitment, to broadcast it. Refuses a revoked one.</summary>
    EcdsaSignature SignHolderCommitment(CommitmentTransaction holderCommitment);

    /// <summary>Our signature for a mutual close negotiated with <c>closing_signed</c>.</summary>
    EcdsaSignature SignClosingTransaction(ClosingTransaction closingTransaction);

    /// <summary>
    /// Signs input <paramref name="inputIndex"/> of a penalty with the revocation private
    /// key, which exists only once the counterparty revealed <paramref name="counterpartyPerCommitmentSecret"/>.
    /// </summary>
    EcdsaSignature SignJusticeInput(ClaimTransaction penalty, int inputIndex, ReadOnlySpan<byte> counterpartyPerCommitmentSecret);

    /// <summary>Signs the sweep of our own <c>to_local</c> from commitment <paramref name="commitmentNumber"/>.</summary>
    EcdsaSignature SignDelayedSweep(ClaimTransaction sweep, ulong commitmentNumber);
}
