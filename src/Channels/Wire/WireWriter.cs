using System.Buffers;
using System.Buffers.Binary;

namespace Microchannels.Channels.Wire;

/// <summary>
/// Writes the Lightning wire encoding (BOLT 1: unsigned big-endian fields,
/// minimal BigSize and truncated integers) into a growable buffer.
/// </summary>
public sealed class WireWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public WireWriter(int initialCapacity = 256)
    {
        _buffer = new ArrayBufferWriter<byte>(Math.Max(1, initialCapacity));
    }

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public void Write(FixedSizeBytes value)
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteBytes(value.AsSpan());
    }

    public void WriteU16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    public void WriteU32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteU64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteS8(sbyte value) => WriteByte(unchecked((byte)value));

    public void WriteS16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    public void WriteS32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteS64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void Write(MilliSatoshis amount) => WriteU64(amount.Value);

    public void Write(ShortChannelId shortChannelId) => WriteU64(shortChannelId.Value);

    /// <summary>BOLT 1, "Fundamental Types": truncated integers omit leading zero bytes.</summary>
    public void WriteTu16(ushort value) => WriteTu64(value);

    public void WriteTu32(uint value) => WriteTu64(value);

    public void WriteTu64(ulong value)
    {
        Span<byte> full = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(full, value);
        WriteBytes(full[(8 - TruncatedLength(value))..]);
    }

    /// <summary>BOLT 1, "Appendix A": the piece-wise minimal BigSize encoding.</summary>
    public void WriteBigSize(ulong value)
    {
        switch (value)
        {
            case < 0xfd:
                WriteByte((byte)value);
                break;
            case < 0x10000:
                WriteByte(0xfd);
                WriteU16((ushort)value);
                break;
            case < 0x100000000:
                WriteByte(0xfe);
                WriteU32((uint)value);
                break;
            default:
                WriteByte(0xff);
                WriteU64(value);
                break;
        }
    }

    /// <summary>
    /// The `u16` `len` then `len*byte` pattern. More than 65535 bytes cannot be
    /// represented, which is a caller error rather than peer data.
    /// </summary>
    public void WriteU16PrefixedBytes(ByteVector bytes)
    {
        if (bytes.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"A u16-prefixed field holds at most 65535 bytes, got {bytes.Length}.", nameof(bytes));
        }

        WriteU16((ushort)bytes.Length);
        WriteBytes(bytes.Span);
    }

    public static int BigSizeLength(ulong value) => value switch
    {
        < 0xfd => 1,
        < 0x10000 => 3,
        < 0x100000000 => 5,
        _ => 9,
    };

    /// <summary>Bytes a truncated integer of <paramref name="value"/> occupies (0 for zero).</summary>
    public static int TruncatedLength(ulong value) => (64 - System.Numerics.BitOperations.LeadingZeroCount(value) + 7) / 8;
}
