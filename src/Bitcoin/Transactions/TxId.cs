using System.Buffers.Binary;

namespace Microchannels.Bitcoin.Transactions;

/// <summary>
/// A transaction id: the double SHA-256 of the transaction's non-witness
/// serialization (BIP 141 keeps "txid" on that form). Held in internal byte
/// order, the order it has on the wire in an outpoint. Bitcoin shows txids
/// byte-reversed (Core's uint256::GetHex), and <see cref="ToString"/> and
/// <see cref="Parse"/> use that display form.
/// </summary>
public readonly record struct TxId
{
    public const int Size = 32;

    // Four little-endian words of the internal bytes: value equality for free,
    // and default(TxId) is the all-zero id rather than a null array.
    private readonly ulong _w0;
    private readonly ulong _w1;
    private readonly ulong _w2;
    private readonly ulong _w3;

    /// <param name="internalBytes">32 bytes in internal (wire) order.</param>
    public TxId(ReadOnlySpan<byte> internalBytes)
    {
        if (internalBytes.Length != Size)
        {
            throw new ArgumentException($"A txid is {Size} bytes, got {internalBytes.Length}.", nameof(internalBytes));
        }

        _w0 = BinaryPrimitives.ReadUInt64LittleEndian(internalBytes[..8]);
        _w1 = BinaryPrimitives.ReadUInt64LittleEndian(internalBytes[8..16]);
        _w2 = BinaryPrimitives.ReadUInt64LittleEndian(internalBytes[16..24]);
        _w3 = BinaryPrimitives.ReadUInt64LittleEndian(internalBytes[24..]);
    }

    /// <summary>The all-zero id, which coinbase inputs reference.</summary>
    public static TxId Zero => default;

    /// <summary>Parses the display (byte-reversed) hex form, as block explorers and bitcoind print it.</summary>
    public static TxId Parse(string displayHex)
    {
        ArgumentNullException.ThrowIfNull(displayHex);
        if (displayHex.Length != Size * 2)
        {
            throw new BitcoinFormatException($"A txid is {Size * 2} hex characters, got {displayHex.Length}.");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(displayHex);
        }
        catch (FormatException e)
        {
            throw new BitcoinFormatException("Txid hex is malformed.", e);
        }

        bytes.AsSpan().Reverse();
        return new TxId(bytes);
    }

    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"Need {Size} bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64LittleEndian(destination[..8], _w0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..16], _w1);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..24], _w2);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..32], _w3);
    }

    /// <summary>The 32 bytes in internal (wire) order.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>The 32 bytes in display order (reversed), the order BIP 69 sorts by.</summary>
    public byte[] ToDisplayBytes()
    {
        byte[] bytes = ToBytes();
        bytes.AsSpan().Reverse();
        return bytes;
    }

    /// <summary>
    /// Compares in display order: byte-reversed, lexicographically. Word 3 holds
    /// internal bytes 24..31 with byte 31 (the first displayed byte) most
    /// significant, so comparing the words from 3 down to 0 as unsigned numbers
    /// is exactly a lexicographic compare of the reversed bytes.
    /// </summary>
    public int CompareDisplayOrder(TxId other)
    {
        int c = _w3.CompareTo(other._w3);
        if (c == 0)
        {
            c = _w2.CompareTo(other._w2);
        }

        if (c == 0)
        {
            c = _w1.CompareTo(other._w1);
        }

        return c != 0 ? c : _w0.CompareTo(other._w0);
    }

    public override string ToString() => Convert.ToHexStringLower(ToDisplayBytes());
}
