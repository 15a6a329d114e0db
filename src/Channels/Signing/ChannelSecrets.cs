using System.Security.Cryptography;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Channels.Signing;

/// <summary>
/// One side's private channel keys: the funding key, the four basepoint secrets
/// and the per-commitment seed (BOLT 3 "Key Derivation", "Per-commitment Secret
/// Requirements"). Only a signer holds this.
/// </summary>
public sealed class ChannelSecrets : IDisposable
{
    public ChannelSecrets(
        PrivateKey fundingKey,
        PrivateKey revocationBasepointSecret,
        PrivateKey paymentBasepointSecret,
        PrivateKey delayedPaymentBasepointSecret,
        PrivateKey htlcBasepointSecret,
        ReadOnlySpan<byte> perCommitmentSeed)
    {
        FundingKey = fundingKey;
        RevocationBasepointSecret = revocationBasepointSecret;
        PaymentBasepointSecret = paymentBasepointSecret;
        DelayedPaymentBasepointSecret = delayedPaymentBasepointSecret;
        HtlcBasepointSecret = htlcBasepointSecret;
        if (perCommitmentSeed.Length != 32)
        {
            throw new ArgumentException("The per-commitment seed is 32 bytes.", nameof(perCommitmentSeed));
        }

        PerCommitmentSeed = GC.AllocateArray<byte>(32, pinned: true);
        perCommitmentSeed.CopyTo(PerCommitmentSeed);
    }

    public PrivateKey FundingKey { get; }

    public PrivateKey RevocationBasepointSecret { get; }

    public PrivateKey PaymentBasepointSecret { get; }

    public PrivateKey DelayedPaymentBasepointSecret { get; }

    public PrivateKey HtlcBasepointSecret { get; }

    internal byte[] PerCommitmentSeed { get; }

    /// <summary>
    /// Derives a channel's secrets from a 32-byte channel seed (for example, a node
    /// secret hashed with the channel's index), one HMAC-SHA256 per key with a
    /// distinct label, so one backed-up seed restores every key.
    /// </summary>
    public static ChannelSecrets FromSeed(ReadOnlySpan<byte> channelSeed)
    {
        if (channelSeed.Length != 32)
        {
            throw new ArgumentException("The channel seed is 32 bytes.", nameof(channelSeed));
        }

        var seed = channelSeed.ToArray();
        try
        {
            return new ChannelSecrets(
                Key(seed, "funding"),
                Key(seed, "revocation"),
                Key(seed, "payment"),
                Key(seed, "delayed_payment"),
                Key(seed, "htlc"),
                HMACSHA256.HashData(seed, "microchannels/shachain"u8));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public void Dispose()
    {
        FundingKey.Dispose();
        RevocationBasepointSecret.Dispose();
        PaymentBasepointSecret.Dispose();
        DelayedPaymentBasepointSecret.Dispose();
        HtlcBasepointSecret.Dispose();
        CryptographicOperations.ZeroMemory(PerCommitmentSeed);
    }

    private static PrivateKey Key(byte[] seed, string label)
    {
        // An HMAC output is a valid scalar except with negligible probability
        // (>= n or zero, about 2^-128); FromBytes rejects those loudly.
        var bytes = HMACSHA256.HashData(seed, System.Text.Encoding.ASCII.GetBytes("microchannels/" + label));
        try
        {
            return PrivateKey.FromBytes(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
