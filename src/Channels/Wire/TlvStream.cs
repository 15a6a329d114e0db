namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 1, "Type-Length-Value Format": a `tlv_stream`, records in strictly
/// increasing type order. Immutable; equality compares the records.
/// Decoding keeps unknown odd records (BOLT 1, "Appendix C": nodes should store
/// extension bytes they do not understand so signatures over them still verify).
/// </summary>
public sealed class TlvStream : IEquatable<TlvStream>
{
    private readonly TlvRecord[] _records;

    /// <summary>Builds a stream from records in any order; the same type twice is a caller error.</summary>
    public TlvStream(IEnumerable<TlvRecord> records)
        : this(Sorted(records))
    {
    }

    private TlvStream(TlvRecord[] strictlyIncreasing)
    {
        _records = strictlyIncreasing;
    }

    public static TlvStream Empty { get; } = new(Array.Empty<TlvRecord>());

    public IReadOnlyList<TlvRecord> Records => _records;

    public int Count => _records.Length;

    public bool IsEmpty => _records.Length == 0;

    /// <summary>
    /// Decodes a whole stream under BOLT 1's receiving-node rules. Two passes:
    /// the first checks every rule without allocating and counts the records,
    /// the second copies them, so an attacker's claimed lengths allocate nothing.
    /// </summary>
    public static TlvStream Decode(ReadOnlySpan<byte> bytes, TlvNamespace tlvNamespace)
    {
        ArgumentNullException.ThrowIfNull(tlvNamespace);
        int count = Scan(bytes, tlvNamespace, null);
        if (count == 0)
        {
            return Empty;
        }

        var records = new TlvRecord[count];
        Scan(bytes, tlvNamespace, records);
        return new TlvStream(records);
    }

    /// <summary>Reads a stream that runs to the end of <paramref name="reader"/>, as a message extension does.</summary>
    public static TlvStream Read(ref WireReader reader, TlvNamespace tlvNamespace) =>
        Decode(reader.ReadRemaining(), tlvNamespace);

    public bool TryGet(ulong type, out TlvRecord record)
    {
        int lo = 0;
        int hi = _records.Length - 1;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) / 2);
            ulong midType = _records[mid].Type;
            if (midType == type)
            {
                record = _records[mid];
                return true;
            }

            if (midType < type)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        record = default;
        return false;
    }

    /// <summary>The decoded value of a known record, if present.</summary>
    public bool TryGet<T>(TlvField<T> field, out T value)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (TryGet(field.Type, out var record))
        {
            value = field.Read(record.Value.Span);
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>The decoded value of a known record of reference type, or null when absent.</summary>
    public T? Find<T>(TlvField<T> field)
        where T : class => TryGet(field, out var value) ? value : null;

    /// <summary>The decoded value of a known record of value type, or null when absent.</summary>
    public T? FindValue<T>(TlvField<T> field)
        where T : struct => TryGet(field, out var value) ? value : null;

    /// <summary>The records <paramref name="tlvNamespace"/> does not know: what a message keeps as its extension.</summary>
    public TlvStream WithoutKnown(TlvNamespace tlvNamespace)
    {
        ArgumentNullException.ThrowIfNull(tlvNamespace);
        int unknown = 0;
        foreach (var record in _records)
        {
            unknown += tlvNamespace.IsKnown(record.Type) ? 0 : 1;
        }

        if (unknown == _records.Length)
        {
            return this;
        }

        var kept = new TlvRecord[unknown];
        int i = 0;
        foreach (var record in _records)
        {
            if (!tlvNamespace.IsKnown(record.Type))
            {
                kept[i++] = record;
            }
        }

        return new TlvStream(kept);
    }

    /// <summary>This stream plus <paramref name="records"/>; a type present in both is a caller error.</summary>
    public TlvStream With(IEnumerable<TlvRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var added = records.ToArray();
        return added.Length == 0 ? this : new TlvStream(_records.Concat(added));
    }

    /// <summary>This stream plus the records that are present (nulls are absent optional fields).</summary>
    public TlvStream With(params ReadOnlySpan<TlvRecord?> records)
    {
        var present = new List<TlvRecord>(records.Length);
        foreach (var record in records)
        {
            if (record is { } value)
            {
                present.Add(value);
            }
        }

        return With(present);
    }

    /// <summary>BOLT 1: records in increasing type order, type and length minimally encoded.</summary>
    public void Write(WireWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var record in _records)
        {
            writer.WriteBigSize(record.Type);
            writer.WriteBigSize((ulong)record.Value.Length);
            writer.WriteBytes(record.Value.Span);
        }
    }

    public byte[] Encode()
    {
        var writer = new WireWriter(64);
        Write(writer);
        return writer.ToArray();
    }

    public bool Equals(TlvStream? other) =>
        other is not null && _records.AsSpan().SequenceEqual(other._records);

    public override bool Equals(object? obj) => Equals(obj as TlvStream);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var record in _records)
        {
            hash.Add(record);
        }

        return hash.ToHashCode();
    }

    public override string ToString() =>
        "[" + string.Join(", ", _records.Select(r => $"{r.Type}:{r.Value.ToHex()}")) + "]";

    private static int Scan(ReadOnlySpan<byte> bytes, TlvNamespace tlvNamespace, TlvRecord[]? output)
    {
        var reader = new WireReader(bytes);
        int count = 0;
        ulong previousType = 0;
        // BOLT 1: "if zero bytes remain before parsing a type: MUST stop parsing the tlv_stream."
        while (!reader.IsAtEnd)
        {
            // BOLT 1: "if a type or length is not minimally encoded: MUST fail to parse" (ReadBigSize).
            ulong type = reader.ReadBigSize();

            // BOLT 1: "if decoded types are not strictly-increasing (including situations when
            // two or more occurrences of the same type are met): MUST fail to parse".
            if (count > 0 && type <= previousType)
            {
                throw new WireFormatException(
                    WireFormatReason.TlvTypesNotIncreasing,
                    $"TLV type {type} follows type {previousType}; types must strictly increase.");
            }

            ulong length = reader.ReadBigSize();

            // BOLT 1: "if length exceeds the number of bytes remaining in the message: MUST fail to parse".
            if (length > (ulong)reader.Remaining)
            {
                throw new WireFormatException(
                    WireFormatReason.TlvLengthExceedsStream,
                    $"TLV type {type} claims {length} bytes, only {reader.Remaining} remain.");
            }

            var value = reader.ReadBytes((int)length);
            if (tlvNamespace.IsKnown(type))
            {
                tlvNamespace.Validate(type, value);
            }
            else if (type % 2 == 0)
            {
                // BOLT 1: unknown type, "if type is even: MUST fail to parse the tlv_stream";
                // odd: "MUST discard the next length bytes" (we keep them, see the class summary).
                throw new WireFormatException(
                    WireFormatReason.UnknownEvenTlvType,
                    $"Unknown even TLV type {type} in {tlvNamespace.Name}.");
            }

            if (output is not null)
            {
                output[count] = new TlvRecord(type, new ByteVector(value));
            }

            previousType = type;
            count++;
        }

        return count;
    }

    private static TlvRecord[] Sorted(IEnumerable<TlvRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var array = records.ToArray();
        Array.Sort(array, static (a, b) => a.Type.CompareTo(b.Type));
        for (int i = 1; i < array.Length; i++)
        {
            if (array[i].Type == array[i - 1].Type)
            {
                throw new ArgumentException($"TLV type {array[i].Type} appears twice.", nameof(records));
            }
        }

        return array;
    }
}
