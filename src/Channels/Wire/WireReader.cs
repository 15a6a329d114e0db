using System.Buffers.Binary;

namespace Microchannels.Channels.Wire;

/// <summary>
/// Reads the Lightning wire encoding: BOLT 1, "All data fields are unsigned
/// big-endian unless otherwise specified". Mirrors BitcoinReader's discipline
/// (which is little-endian, so not reusable here): every read checks the bytes
/// remaining first and throws <see cref="WireFormatException"/>; a length
/// prefix is checked against the bytes actually present before anything is
/// allocated, so a claimed length costs nothing.
/// </summary>
public ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string? _tlvName;
    private int _position;

    public WireReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _tlvName = null;
        _position = 0;
    }

    /// <summary>
    /// A reader over the value of the known TLV record <paramref name="tlvName"/>.
    /// Running short or leaving bytes over then means the record's length is "not
    /// exactly equal to that required for the known encoding" (BOLT 1), reported
    /// as <see cref="WireFormatReason.InvalidTlvValue"/> in a single exception,
    /// so a bad record costs no more to reject than any other bad field.
    /// </summary>
    internal WireReader(ReadOnlySpan<byte> data, string tlvName)
        : this(data)
    {
        _tlvName = tlvName;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public readonly bool IsAtEnd => _position == _data.Length;

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw _tlvName is null
                ? new WireFormatException(
                    WireFormatReason.Truncated,
                    $"Need {count} bytes at offset {_position}, only {Remaining} remain.")
                : new WireFormatException(
                    WireFormatReason.InvalidTlvValue,
                    $"TLV {_tlvName} is too short: need {count} bytes at offset {_position}, only {Remaining} remain.");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    /// <summary>Everything left, e.g. the `...*byte` tail of a TLV value.</summary>
    public ReadOnlySpan<byte> ReadRemaining() => ReadBytes(Remaining);

    public byte ReadByte() => ReadBytes(1)[0];

    public ushort ReadU16() => BinaryPrimitives.ReadUInt16BigEndian(ReadBytes(2));

    public uint ReadU32() => BinaryPrimitives.ReadUInt32BigEndian(ReadBytes(4));

    public ulong ReadU64() => BinaryPrimitives.ReadUInt64BigEndian(ReadBytes(8));

    /// <summary>BOLT 1, "Fundamental Types": signed integers are big-endian two's complement.</summary>
    public sbyte ReadS8() => unchecked((sbyte)ReadByte());

    public short ReadS16() => BinaryPrimitives.ReadInt16BigEndian(ReadBytes(2));

    public int ReadS32() => BinaryPrimitives.ReadInt32BigEndian(ReadBytes(4));

    public long ReadS64() => BinaryPrimitives.ReadInt64BigEndian(ReadBytes(8));

    /// <summary>
    /// BOLT 1, "Fundamental Types": a `tu16` is "the final value in TLV records",
    /// so it takes all remaining bytes; leading zeros MUST be omitted.
    /// </summary>
    public ushort ReadTu16() => (ushort)ReadTruncated(2);

    public uint ReadTu32() => (uint)ReadTruncated(4);

    public ulong ReadTu64() => ReadTruncated(8);

    /// <summary>
    /// BOLT 1, "Appendix A: BigSize Test Vectors": 1, 3, 5 or 9 bytes, and "All
    /// values decoded with BigSize should be checked to ensure they are
    /// minimally encoded".
    /// </summary>
    public ulong ReadBigSize()
    {
        byte prefix = ReadByte();
        ulong value;
        ulong minimum;
        switch (prefix)
        {
            case < 0xfd:
                return prefix;
            case 0xfd:
                value = ReadU16();
                minimum = 0xfd;
                break;
            case 0xfe:
                value = ReadU32();
                minimum = 0x10000;
                break;
            default:
                value = ReadU64();
                minimum = 0x100000000;
                break;
        }

        if (value < minimum)
        {
            throw new WireFormatException(
                WireFormatReason.NonMinimalBigSize,
                $"BigSize 0x{value:x} with prefix 0x{prefix:x2} at offset {_position} is not minimally encoded.");
        }

        return value;
    }

    /// <summary>The `u16` `len` then `len*byte` pattern (error data, shutdown scriptpubkey, ping padding).</summary>
    public ByteVector ReadU16PrefixedBytes()
    {
        int length = ReadU16();
        return new ByteVector(ReadBytes(length));
    }

    public Point ReadPoint() => new(ReadBytes(Point.Size));

    public CompactSignature ReadSignature() => new(ReadBytes(CompactSignature.Size));

    public ChannelId ReadChannelId() => new(ReadBytes(ChannelId.Size));

    public Sha256Hash ReadSha256() => new(ReadBytes(Sha256Hash.Size));

    public ChainHash ReadChainHash() => new(ReadBytes(ChainHash.Size));

    public Secret ReadSecret() => new(ReadBytes(Secret.Size));

    public ShortChannelId ReadShortChannelId() => new(ReadU64());

    public MilliSatoshis ReadMilliSatoshis() => new(ReadU64());

    public readonly void EnsureEnd()
    {
        if (!IsAtEnd)
        {
            throw _tlvName is null
                ? new WireFormatException(
                    WireFormatReason.TrailingBytes,
                    $"{Remaining} unexpected trailing bytes at offset {_position}.")
                : new WireFormatException(
                    WireFormatReason.InvalidTlvValue,
                    $"TLV {_tlvName} is too long: {Remaining} bytes left at offset {_position}.");
        }
    }

    private ulong ReadTruncated(int width)
    {
        int length = Remaining;
        if (length > width)
        {
            throw new WireFormatException(
                WireFormatReason.TruncatedIntegerTooLong,
                $"A truncated integer of at most {width} bytes has {length}.");
        }

        var bytes = ReadBytes(length);
        if (length > 0 && bytes[0] == 0)
        {
            throw new WireFormatException(
                WireFormatReason.NonMinimalTruncatedInteger,
                "A truncated integer has a leading zero byte.");
        }

        ulong value = 0;
        foreach (byte b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }
}
