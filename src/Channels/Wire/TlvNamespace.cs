using System.Collections.Frozen;

namespace Microchannels.Channels.Wire;

/// <summary>
/// The set of TLV types one `tlv_stream` definition knows (BOLT 1 names them,
/// e.g. `open_channel_tlvs`). Knowing a type decides what BOLT 1's receiving
/// rules do with it: a known type is decoded with its encoding, an unknown even
/// type fails the stream, an unknown odd type is skipped.
/// </summary>
public sealed class TlvNamespace
{
    private readonly FrozenDictionary<ulong, TlvField> _fields;

    public TlvNamespace(string name, params IEnumerable<TlvField> fields)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(fields);
        Name = name;
        var byType = new Dictionary<ulong, TlvField>();
        foreach (var field in fields)
        {
            if (!byType.TryAdd(field.Type, field))
            {
                throw new ArgumentException($"TLV type {field.Type} is declared twice in {name}.", nameof(fields));
            }
        }

        _fields = byType.ToFrozenDictionary();
    }

    public string Name { get; }

    public IEnumerable<TlvField> Fields => _fields.Values;

    public bool IsKnown(ulong type) => _fields.ContainsKey(type);

    /// <summary>Decodes a known record's value, throwing <see cref="WireFormatException"/> if it does not fit its encoding.</summary>
    public void Validate(ulong type, ReadOnlySpan<byte> value)
    {
        if (_fields.TryGetValue(type, out var field))
        {
            field.Validate(value);
        }
    }

    /// <summary>
    /// The stream a message writes: its known records (null when an optional one
    /// is absent) plus its extension. The extension holding a known type would
    /// make the message decode differently from what was built, so that is a
    /// caller error.
    /// </summary>
    public TlvStream Compose(TlvStream extension, params ReadOnlySpan<TlvRecord?> known)
    {
        ArgumentNullException.ThrowIfNull(extension);
        foreach (var record in extension.Records)
        {
            if (IsKnown(record.Type))
            {
                throw new ArgumentException(
                    $"TLV type {record.Type} belongs to {Name}; set the message's property instead of its extension.",
                    nameof(extension));
            }
        }

        return extension.With(known);
    }
}
