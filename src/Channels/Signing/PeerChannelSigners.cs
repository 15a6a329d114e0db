using System.Security.Cryptography;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Node;

namespace Microchannels.Channels.Signing;

/// <summary>
/// In-memory signers for a node serving many peers: each channel's seed is
/// HMAC-SHA256(node seed, "microchannels/channel" || peer node id || channel nonce), where the
/// nonce counts the node's channels with that peer (<see cref="Nonce"/>). No two peers share
/// a key, no two channels with the same peer do (a second channel must not reuse a key or a
/// per-commitment secret of the first), and the node seed alone recovers every channel's keys
/// (scan the counters from 0) should the store be lost.
/// </summary>
public static class PeerChannelSigners
{
    public const int NonceSize = 32;
    private static readonly byte[] Label = "microchannels/channel"u8.ToArray();

    /// <summary>The nonce of the node's <paramref name="counter"/>-th channel with a peer: the counter, big-endian, in 32 bytes.</summary>
    public static byte[] Nonce(ulong counter)
    {
        byte[] nonce = new byte[NonceSize];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(nonce.AsSpan(NonceSize - sizeof(ulong)), counter);
        return nonce;
    }

    /// <summary>The counter in a nonce made by <see cref="Nonce"/>; null for any other 32 bytes.</summary>
    public static ulong? Counter(ReadOnlySpan<byte> nonce) =>
        nonce.Length == NonceSize && !nonce[..(NonceSize - sizeof(ulong))].ContainsAnyExcept((byte)0)
            ? System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(nonce[(NonceSize - sizeof(ulong))..])
            : null;

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
