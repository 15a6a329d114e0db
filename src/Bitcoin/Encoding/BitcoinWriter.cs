using System.Buffers;
using System.Buffers.Binary;

namespace Microchannels.Bitcoin.Encoding;

/// <summary>Writes Bitcoin's little-endian wire encoding into a growable buffer.</summary>
public sealed class BitcoinWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public BitcoinWriter(int initialCapacity = 256)
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

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    /// <summary>CompactSize, always in its shortest form.</summary>
    public void WriteVarInt(ulong value)
    {
        switch (value)
        {
            case < 0xfd:
                WriteByte((byte)value);
                break;
            case <= 0xffff:
                WriteByte(0xfd);
                WriteUInt16((ushort)value);
                break;
            case <= 0xffffffff:
                WriteByte(0xfe);
                WriteUInt32((uint)value);
                break;
            default:
                WriteByte(0xff);
                WriteUInt64(value);
                break;
        }
    }

    public void WriteVarBytes(ReadOnlySpan<byte> bytes)
    {
        WriteVarInt((ulong)bytes.Length);
        WriteBytes(bytes);
    }

    /// <summary>The number of bytes <see cref="WriteVarInt"/> uses for <paramref name="value"/>.</summary>
    public static int VarIntSize(ulong value) => value switch
    {
        < 0xfd => 1,
        <= 0xffff => 3,
        <= 0xffffffff => 5,
        _ => 9,
    };
}
