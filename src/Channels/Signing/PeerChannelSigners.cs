using System.Security.Cryptography;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Node;

namespace Microchannels.Channels.Signing;

/// <summary>
/// In-memory signers for a node serving many peers: each channel's seed is
/// HMAC-SHA256(node seed, "microchannels/channel" || peer node id || channel nonce), so one
/// backed-up node seed (with the stored nonces) recovers every channel's keys, no two peers
/// share a key, and no two channels with the same peer do.
/// </summary>
public static class PeerChannelSigners
{
    public const int NonceSize = 32;
    private static readonly byte[] Label = "microchannels/channel"u8.ToArray();

    public static ChannelSignerFactory FromNodeSeed(ReadOnlySpan<byte> nodeSeed)
    {
        if (nodeSeed.Length != 32)
        {
            throw new ArgumentException("A node seed is 32 bytes.", nameof(nodeSeed));
        }

        byte[] seed = nodeSeed.ToArray();
        return (peer, nonce, revoked) =>
        {
            ArgumentNullException.ThrowIfNull(peer);
            if (nonce.Length != NonceSize)
            {
                throw new ArgumentException($"A channel nonce is {NonceSize} bytes.", nameof(nonce));
            }

            byte[] channelSeed = Hashes.HmacSha256(seed, [.. Label, .. peer.AsSpan(), .. nonce.Span]);
            try
            {
                return new InMemoryChannelSigner(ChannelSecrets.FromSeed(channelSeed), revoked);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(channelSeed);
            }
        };
    }
}
