using System.Collections;

namespace Microchannels.Bitcoin.Transactions;

/// <summary>
/// An input's witness stack (BIP 141): a list of byte arrays, bottom of the stack
/// first, as serialized. Immutable: items are copied in and exposed as read-only
/// memory. Equality compares the items byte for byte.
/// </summary>
public sealed class Witness : IReadOnlyList<ReadOnlyMemory<byte>>, IEquatable<Witness>
{
    private readonly byte[][] _items;

    public Witness(params ReadOnlySpan<byte[]> items)
    {
        _items = new byte[items.Length][];
        for (int i = 0; i < items.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(items[i], nameof(items));
            _items[i] = (byte[])items[i].Clone();
        }
    }

    private Witness(byte[][] ownedItems, bool _)
    {
        _items = ownedItems;
    }

    public static Witness Empty { get; } = new(Array.Empty<byte[]>(), false);

    public int Count => _items.Length;

    public bool IsEmpty => _items.Length == 0;

    public ReadOnlyMemory<byte> this[int index] => _items[index];

    /// <summary>Wraps arrays nobody else holds; the caller gives up ownership.</summary>
    internal static Witness FromOwnedItems(byte[][] ownedItems) => ownedItems.Length == 0 ? Empty : new(ownedItems, false);

    public IEnumerator<ReadOnlyMemory<byte>> GetEnumerator()
    {
        foreach (byte[] item in _items)
        {
            yield return item;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(Witness? other)
    {
        if (other is null || other._items.Length != _items.Length)
        {
            return false;
        }

        for (int i = 0; i < _items.Length; i++)
        {
            if (!_items[i].AsSpan().SequenceEqual(other._items[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as Witness);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (byte[] item in _items)
        {
            hash.Add(item.Length);
            hash.AddBytes(item);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(Witness? left, Witness? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Witness? left, Witness? right) => !(left == right);

    public override string ToString() => "[" + string.Join(", ", _items.Select(Convert.ToHexStringLower)) + "]";
}
