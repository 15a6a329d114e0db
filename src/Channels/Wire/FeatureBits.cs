using System.Text;

namespace Microchannels.Channels.Wire;

/// <summary>
/// A feature bit vector as BOLT 1 and BOLT 9 encode it: big-endian bytes, bit 0
/// the least-significant bit of the last byte (BOLT 1: "The least-significant bit is
/// numbered 0, which is even"). Used for `init` features and `channel_type`.
/// Immutable. The bytes are kept as received, padding included, so a message
/// re-encodes byte for byte; equality compares those bytes. Vectors built here
/// are minimal, as BOLT 1 says a sender SHOULD use.
/// </summary>
public sealed class FeatureBits : IEquatable<FeatureBits>
{
    /// <summary>A `u16`-length field holds at most 65535 bytes of features.</summary>
    public const int MaxBit = (ushort.MaxValue * 8) - 1;

    private readonly ByteVector _bytes;

    private FeatureBits(ByteVector bytes)
    {
        _bytes = bytes;
    }

    public static FeatureBits Empty { get; } = new(ByteVector.Empty);

    public ByteVector Bytes => _bytes;

    public int Length => _bytes.Length;

    public static FeatureBits FromBytes(ReadOnlySpan<byte> bytes) => new(new ByteVector(bytes));

    public static FeatureBits FromBits(params ReadOnlySpan<int> bits)
    {
        int highest = -1;
        foreach (int bit in bits)
        {
            CheckBit(bit);
            highest = Math.Max(highest, bit);
        }

        var bytes = new byte[highest < 0 ? 0 : (highest / 8) + 1];
        foreach (int bit in bits)
        {
            bytes[bytes.Length - 1 - (bit / 8)] |= (byte)(1 << (bit % 8));
        }

        return new(new ByteVector(bytes));
    }

    public bool IsSet(int bit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bit);
        int index = _bytes.Length - 1 - (bit / 8);
        return index >= 0 && (_bytes.Span[index] & (1 << (bit % 8))) != 0;
    }

    /// <summary>Either bit of the pair is set: BOLT 1 calls the feature "offered".</summary>
    public bool Offers(Feature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        return IsSet(feature.RequiredBit) || IsSet(feature.OptionalBit);
    }

    /// <summary>The even bit is set (BOLT 9: "if both ... are set, the feature should be treated as mandatory").</summary>
    public bool Requires(Feature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        return IsSet(feature.RequiredBit);
    }

    /// <summary>
    /// The set bits in increasing order, enumerated lazily: a peer's vector may
    /// hold up to 65535 bytes, and a check that stops at the first bad bit
    /// should not first list half a million of them.
    /// </summary>
    public IEnumerable<int> SetBits()
    {
        for (int bit = 0; bit < _bytes.Length * 8; bit++)
        {
            if (IsSet(bit))
            {
                yield return bit;
            }
        }
    }

    public FeatureBits With(int bit)
    {
        CheckBit(bit);
        return FromBits(SetBits().Append(bit).ToArray());
    }

    public FeatureBits Without(int bit)
    {
        CheckBit(bit);
        return FromBits(SetBits().Where(b => b != bit).ToArray());
    }

    /// <summary>BOLT 1, "The init Message": "combine (bitwise OR) the two feature bitmaps".</summary>
    public FeatureBits BitwiseOr(FeatureBits other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return FromBits(SetBits().Concat(other.SetBits()).ToArray());
    }

    public static FeatureBits operator |(FeatureBits left, FeatureBits right)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.BitwiseOr(right);
    }

    public bool Equals(FeatureBits? other) => other is not null && _bytes.Equals(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as FeatureBits);

    public override int GetHashCode() => _bytes.GetHashCode();

    public override string ToString()
    {
        var text = new StringBuilder("0x").Append(_bytes.ToHex()).Append(" {");
        text.AppendJoin(',', SetBits());
        return text.Append('}').ToString();
    }

    private static void CheckBit(int bit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bit, MaxBit);
    }
}
