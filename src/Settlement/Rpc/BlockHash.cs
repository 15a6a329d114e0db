using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Settlement.Rpc;

/// <summary>
/// A block hash: the double SHA-256 of the 80-byte block header. Like a txid,
/// bitcoind shows it byte-reversed (uint256::GetHex), and that display form is
/// what <see cref="Parse"/> takes and <see cref="ToString"/> gives. Held as the
/// normalised lowercase display hex, so equality is value equality.
/// </summary>
public readonly record struct BlockHash
{
    public const int Size = 32;

    /// <summary>Size of a serialized block header (version, prev hash, merkle root, time, bits, nonce).</summary>
    public const int HeaderSize = 80;

    private readonly string? _displayHex;

    private BlockHash(string displayHex)
    {
        _displayHex = displayHex;
    }

    /// <summary>Parses 64 hex characters in display order; anything else throws <see cref="BitcoinFormatException"/>.</summary>
    public static BlockHash Parse(string displayHex)
    {
        ArgumentNullException.ThrowIfNull(displayHex);
        if (displayHex.Length != Size * 2)
        {
            throw new BitcoinFormatException($"A block hash is {Size * 2} hex characters, got {displayHex.Length}.");
        }

        try
        {
            return new BlockHash(Convert.ToHexStringLower(Convert.FromHexString(displayHex)));
        }
        catch (FormatException e)
        {
            throw new BitcoinFormatException("Block hash hex is malformed.", e);
        }
    }

    /// <summary>The hash of a serialized block or header: Hash256 of its first 80 bytes, shown reversed.</summary>
    public static BlockHash OfHeader(ReadOnlySpan<byte> serializedBlock)
    {
        if (serializedBlock.Length < HeaderSize)
        {
            throw new BitcoinFormatException($"A block header is {HeaderSize} bytes, got {serializedBlock.Length}.");
        }

        byte[] hash = Hashes.Hash256(serializedBlock[..HeaderSize]);
        hash.AsSpan().Reverse();
        return new BlockHash(Convert.ToHexStringLower(hash));
    }

    /// <summary>The 32 bytes in internal order, as a block header's prev-hash field holds them.</summary>
    public byte[] ToBytes()
    {
        byte[] bytes = Convert.FromHexString(ToString());
        bytes.AsSpan().Reverse();
        return bytes;
    }

    // default(BlockHash) holds no string; compare through ToString so it equals the parsed all-zero hash.
    public bool Equals(BlockHash other) => string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    public override string ToString() => _displayHex ?? new string('0', Size * 2);
}
