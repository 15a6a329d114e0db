using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Tests.Node;

/// <summary>
/// A signer that fails on demand (as a secure element or a signer process may), to drive
/// the engine into throwing something that is not a protocol rule. While <see cref="Failing"/>,
/// every operation that signs or revokes throws, except signing our own commitment (what a
/// force close needs).
/// </summary>
internal sealed class FaultySigner(IChannelSigner inner) : IChannelSigner
{
    public volatile bool Failing;

    /// <summary>Every operation throws, even those a force close needs.</summary>
    public volatile bool Down;

    public ChannelBasepoints Basepoints => inner.Basepoints;

    public PublicKey GetPerCommitmentPoint(ulong commitmentNumber) => Down ? throw new TimeoutException("The signer is down.") : inner.GetPerCommitmentPoint(commitmentNumber);

    public byte[] RevokeHolderCommitment(ulong commitmentNumber) => Check(() => inner.RevokeHolderCommitment(commitmentNumber));

    public byte[] GetHolderCommitmentSecret(ulong commitmentNumber) => Check(() => inner.GetHolderCommitmentSecret(commitmentNumber));

    public void MarkHolderCommitmentRevoked(ulong commitmentNumber) => Check(() =>
    {
        inner.MarkHolderCommitmentRevoked(commitmentNumber);
        return true;
    });

    public EcdsaSignature SignCounterpartyCommitment(CommitmentTransaction counterpartyCommitment) => Check(() => inner.SignCounterpartyCommitment(counterpartyCommitment));

    public IReadOnlyList<EcdsaSignature> SignCounterpartyHtlcTransactions(IReadOnlyList<HtlcTransaction> htlcTransactions, PublicKey counterpartyPerCommitmentPoint) =>
        Check(() => inner.SignCounterpartyHtlcTransactions(htlcTransactions, counterpartyPerCommitmentPoint));

    public EcdsaSignature SignHolderCommitment(CommitmentTransaction holderCommitment) => Down ? throw new TimeoutException("The signer is down.") : inner.SignHolderCommitment(holderCommitment);

    public EcdsaSignature SignClosingTransaction(ClosingTransaction closingTransaction) => Check(() => inner.SignClosingTransaction(closingTransaction));

    public EcdsaSignature SignJusticeInput(ClaimTransaction penalty, int inputIndex, ReadOnlySpan<byte> counterpartyPerCommitmentSecret)
    {
        if (Failing || Down)
        {
            throw new TimeoutException("The signer did not answer.");
        }

        return inner.SignJusticeInput(penalty, inputIndex, counterpartyPerCommitmentSecret);
    }

    public EcdsaSignature SignDelayedSweep(ClaimTransaction sweep, ulong commitmentNumber) => Check(() => inner.SignDelayedSweep(sweep, commitmentNumber));

    private T Check<T>(Func<T> operation) => Failing || Down ? throw new TimeoutException("The signer did not answer.") : operation();
}
