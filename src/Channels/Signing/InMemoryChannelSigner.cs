using System.Security.Cryptography;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Keys;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Signing;

/// <summary>
/// A signer that keeps the channel's secrets in process memory. It enforces the
/// one rule that protects the holder's funds: once a commitment is revoked it is
/// never signed for broadcast again (LDK's <c>test_channel_signer.rs</c> tripwire,
/// STYLE.md #7). Thread-safe.
/// </summary>
public sealed class InMemoryChannelSigner : IChannelSigner, IDisposable
{
    private readonly ChannelSecrets _secrets;
    private readonly Lock _gate = new();
    private ulong? _highestRevoked;

    /// <param name="secrets">The channel's private keys; the signer owns and disposes them.</param>
    /// <param name="highestRevokedCommitmentNumber">
    /// The newest holder commitment already revoked, from the channel store, so the
    /// tripwire survives a restart.
    /// </param>
    public InMemoryChannelSigner(ChannelSecrets secrets, ulong? highestRevokedCommitmentNumber = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _secrets = secrets;
        _highestRevoked = highestRevokedCommitmentNumber;
        Basepoints = new ChannelBasepoints(
            secrets.FundingKey.PublicKey,
            secrets.RevocationBasepointSecret.PublicKey,
            secrets.PaymentBasepointSecret.PublicKey,
            secrets.DelayedPaymentBasepointSecret.PublicKey,
            secrets.HtlcBasepointSecret.PublicKey);
    }

    public ChannelBasepoints Basepoints { get; }

    public PublicKey GetPerCommitmentPoint(ulong commitmentNumber)
    {
        var secret = PerCommitmentSecret(commitmentNumber);
        try
        {
            return KeyDerivation.PerCommitmentPoint(secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public byte[] RevokeHolderCommitment(ulong commitmentNumber)
    {
        MarkHolderCommitmentRevoked(commitmentNumber);
        return PerCommitmentSecret(commitmentNumber);
    }

    public byte[] GetHolderCommitmentSecret(ulong commitmentNumber) => PerCommitmentSecret(commitmentNumber);

    public void MarkHolderCommitmentRevoked(ulong commitmentNumber)
    {
        lock (_gate)
        {
            if (_highestRevoked is null || commitmentNumber > _highestRevoked)
            {
                _highestRevoked = commitmentNumber;
            }
        }
    }

    public EcdsaSignature SignCounterpartyCommitment(CommitmentTransaction counterpartyCommitment)
    {
        ArgumentNullException.ThrowIfNull(counterpartyCommitment);
        return _secrets.FundingKey.Sign(counterpartyCommitment.FundingSignatureHash());
    }

    public IReadOnlyList<EcdsaSignature> SignCounterpartyHtlcTransactions(IReadOnlyList<HtlcTransaction> htlcTransactions, PublicKey counterpartyPerCommitmentPoint)
    {
        ArgumentNullException.ThrowIfNull(htlcTransactions);
        if (htlcTransactions.Count == 0)
        {
            return [];
        }

        // In their commitment our HTLC key is their "remote_htlcpubkey", derived at their point.
        using var htlcKey = KeyDerivation.DerivePrivateKey(_secrets.HtlcBasepointSecret, counterpartyPerCommitmentPoint);
        return [.. htlcTransactions.Select(t => htlcKey.Sign(t.SignatureHash()))];
    }

    public EcdsaSignature SignHolderCommitment(CommitmentTransaction holderCommitment)
    {
        ArgumentNullException.ThrowIfNull(holderCommitment);
        lock (_gate)
        {
            if (_highestRevoked is { } revoked && holderCommitment.CommitmentNumber <= revoked)
            {
                throw new SignerRefusedException(
                    $"Commitment {holderCommitment.CommitmentNumber} is revoked (revoked up to {revoked}); broadcasting it would forfeit the channel.");
            }
        }

        return _secrets.FundingKey.Sign(holderCommitment.FundingSignatureHash());
    }

    public EcdsaSignature SignClosingTransaction(ClosingTransaction closingTransaction)
    {
        ArgumentNullException.ThrowIfNull(closingTransaction);
        return _secrets.FundingKey.Sign(closingTransaction.SignatureHash());
    }

    public EcdsaSignature SignJusticeInput(ClaimTransaction penalty, int inputIndex, ReadOnlySpan<byte> counterpartyPerCommitmentSecret)
    {
        ArgumentNullException.ThrowIfNull(penalty);
        using var perCommitmentSecret = PrivateKey.FromBytes(counterpartyPerCommitmentSecret);
        using var revocationKey = KeyDerivation.DeriveRevocationPrivateKey(_secrets.RevocationBasepointSecret, perCommitmentSecret);
        return revocationKey.Sign(penalty.SignatureHash(inputIndex));
    }

    public EcdsaSignature SignDelayedSweep(ClaimTransaction sweep, ulong commitmentNumber)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        using var delayedKey = KeyDerivation.DerivePrivateKey(_secrets.DelayedPaymentBasepointSecret, GetPerCommitmentPoint(commitmentNumber));
        return delayedKey.Sign(sweep.SignatureHash(0));
    }

    public void Dispose() => _secrets.Dispose();

    private byte[] PerCommitmentSecret(ulong commitmentNumber) =>
        ShaChain.GenerateFromSeed(_secrets.PerCommitmentSeed, CommitmentIndex.FromCommitmentNumber(commitmentNumber));
}
