namespace Microchannels.Meter.Sources.Sml;

/// <summary>
/// Reads SML values from unwrapped frame bytes. A TL field is one byte: bit 7 says another
/// TL byte follows (its low nibble extends the length), bits 6-4 the type (000 octet string,
/// 100 boolean, 101 integer, 110 unsigned, 111 list), bits 3-0 the length. For a list the
/// length counts its elements; otherwise it counts the value's bytes including the TL bytes.
/// </summary>
public ref struct SmlValueReader
{
    /// <summary>Nesting a meter never needs; deeper input is refused rather than followed.</summary>
    private const int MaximumDepth = 16;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public SmlValueReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly bool AtEnd => _position >= _data.Length;

    public readonly int Position => _position;

    public SmlValue Read() => Read(0);

    private SmlValue Read(int depth)
    {
        if (depth > MaximumDepth)
        {
            throw new SmlMalformedException("values nested too deeply", _position);
        }

        int start = _position;
        byte tl = Next();
        if (tl == 0x00)
        {
            return new SmlValue.EndOfMessage();
        }

        int type = (tl >> 4) & 0x07;
        int length = tl & 0x0F;
        int tlBytes = 1;
        while ((tl & 0x80) != 0)
        {
            tl = Next();
            if ((tl & 0x70) != 0)
            {
                throw new SmlMalformedException("a continued type-length byte carries a type", _position - 1);
            }

            length = (length << 4) | (tl & 0x0F);
            tlBytes++;
            if (tlBytes > 4)
            {
                throw new SmlMalformedException("a type-length field longer than four bytes", start);
            }
        }

        if (type == 0x7)
        {
            var items = new List<SmlValue>(Math.Min(length, 64));
            for (int i = 0; i < length; i++)
            {
                items.Add(Read(depth + 1));
            }

            return new SmlValue.List(items);
        }

        int size = length - tlBytes;
        if (size < 0)
        {
            throw new SmlMalformedException($"length {length} is shorter than its own type-length field", start);
        }

        var bytes = Take(size);
        return type switch
        {
            0x0 when size == 0 => new SmlValue.Absent(),
            0x0 => new SmlValue.OctetString(bytes.ToArray()),
            0x4 when size == 1 => new SmlValue.Boolean(bytes[0] != 0),
            0x5 when size is >= 1 and <= 8 => new SmlValue.Integer(SignExtend(bytes)),
            0x6 when size is >= 1 and <= 8 => new SmlValue.Unsigned(BigEndian(bytes)),
            _ => throw new SmlMalformedException($"type {type} with {size} value bytes", start),
        };
    }

    private static ulong BigEndian(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        foreach (byte b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    private static long SignExtend(ReadOnlySpan<byte> bytes)
    {
        ulong value = BigEndian(bytes);
        int unused = 64 - (8 * bytes.Length);
        return unused == 0 ? (long)value : ((long)(value << unused)) >> unused;
    }

    private byte Next()
    {
        if (_position >= _data.Length)
        {
            throw new SmlTruncatedFrameException($"An SML value runs past the end of the data at byte {_position}.");
        }

        return _data[_position++];
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw new SmlTruncatedFrameException($"An SML value of {count} bytes runs past the end of the data at byte {_position}.");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
