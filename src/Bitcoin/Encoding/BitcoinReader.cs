using System.Buffers.Binary;

namespace Microchannels.Bitcoin.Encoding;

/// <summary>
/// Reads Bitcoin's little-endian wire encoding from a span with strict bounds.
/// Every read checks the remaining length first and throws
/// <see cref="BitcoinFormatException"/>; a length prefix is checked against the
/// bytes actually present before anything is allocated, so a varint that claims
/// gigabytes costs nothing.
/// </summary>
public ref struct BitcoinReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public BitcoinReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public readonly bool IsAtEnd => _position == _data.Length;

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new BitcoinFormatException($"Need {count} bytes at offset {_position}, only {Remaining} remain.");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    public byte ReadByte() => ReadBytes(1)[0];

    public readonly byte PeekByte()
    {
        if (Remaining < 1)
        {
            throw new BitcoinFormatException($"Need 1 byte at offset {_position}, none remain.");
        }

        return _data[_position];
    }

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(8));

    /// <summary>
    /// A CompactSize integer. Non-canonical encodings (a value that fits a
    /// shorter form) are rejected, as Bitcoin Core's ReadCompactSize does.
    /// </summary>
    public ulong ReadVarInt()
    {
        byte prefix = ReadByte();
        ulong value;
        ulong minimum;
        switch (prefix)
        {
            case < 0xfd:
                return prefix;
            case 0xfd:
                value = ReadUInt16();
                minimum = 0xfd;
                break;
            case 0xfe:
                value = ReadUInt32();
                minimum = 0x10000;
                break;
            default:
                value = ReadUInt64();
                minimum = 0x100000000;
                break;
        }

        if (value < minimum)
        {
            throw new BitcoinFormatException($"Non-canonical CompactSize 0x{value:x} with prefix 0x{prefix:x2}.");
        }

        return value;
    }

    /// <summary>
    /// A count that prefixes <paramref name="minimumItemSize"/>-byte items. The
    /// count must be coverable by the remaining bytes, so callers may allocate
    /// for it safely.
    /// </summary>
    public int ReadCount(int minimumItemSize)
    {
        ulong count = ReadVarInt();
        ulong limit = minimumItemSize == 0 ? (ulong)Remaining : (ulong)(Remaining / minimumItemSize);
        if (count > limit)
        {
            throw new BitcoinFormatException($"Count {count} at offset {_position} exceeds what the remaining {Remaining} bytes can hold.");
        }

        return (int)count;
    }

    /// <summary>A CompactSize length followed by that many bytes.</summary>
    public ReadOnlySpan<byte> ReadVarBytes() => ReadBytes(ReadCount(1));

    public readonly void EnsureEnd()
    {
        if (!IsAtEnd)
        {
            throw new BitcoinFormatException($"{Remaining} unexpected trailing bytes at offset {_position}.");
        }
    }
}
