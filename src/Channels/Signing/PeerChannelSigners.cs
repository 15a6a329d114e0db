using System.Security.Cryptography;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Node;

namespace Microchannels.Channels.Signing;

/// <summary>
/// In-memory signers for a node with one channel per peer: each channel's seed is
/// HMAC-SHA256(node seed, "microchannels/channel" || peer node id), so one backed-up
/// node seed recovers every channel's keys, and no two peers share a key.
/// </summary>
public static class PeerChannelSigners
{
    private static readonly byte[] Label = "microchannels/channel"u8.ToArray();

    public static ChannelSignerFactory FromNodeSeed(ReadOnlySpan<byte> nodeSeed)
    {
        if (nodeSeed.Length != 32)
        {
            throw new ArgumentException("A node seed is 32 bytes.", nameof(nodeSeed));
        }

        byte[] seed = nodeSeed.ToArray();
        return (peer, revoked) =>
        {
            ArgumentNullException.ThrowIfNull(peer);
            byte[] channelSeed = Hashes.HmacSha256(seed, [.. Label, .. peer.AsSpan()]);
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
