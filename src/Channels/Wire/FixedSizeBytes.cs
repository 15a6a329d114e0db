namespace Microchannels.Channels.Wire;

/// <summary>
/// The fixed-size byte fields of BOLT 1, "Fundamental Types" (`point`,
/// `signature`, `channel_id`, `sha256`, `chain_hash`, and 32-byte secrets).
/// Each is its own type so a signature can never be passed where a point is
/// expected. Instances copy their bytes in and are immutable; two values are
/// equal when they are the same kind and hold the same bytes.
/// </summary>
public abstract class FixedSizeBytes : IEquatable<FixedSizeBytes>
{
    private readonly byte[] _bytes;

    protected FixedSizeBytes(ReadOnlySpan<byte> bytes, int size)
    {
        if (bytes.Length != size)
        {
            throw new ArgumentException($"{GetType().Name} needs exactly {size} bytes, got {bytes.Length}.", nameof(bytes));
        }

        _bytes = bytes.ToArray();
    }

    public int Length => _bytes.Length;

    public ReadOnlySpan<byte> AsSpan() => _bytes;

    public byte[] ToArray() => AsSpan().ToArray();

    public string ToHex() => Convert.ToHexStringLower(_bytes);

    public override string ToString() => ToHex();

    public bool Equals(FixedSizeBytes? other) =>
        other is not null && other.GetType() == GetType() && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as FixedSizeBytes);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    public static bool operator ==(FixedSizeBytes? left, FixedSizeBytes? right) =>
        left is null ? right is null : left.Equals(right);

    public static bool operator !=(FixedSizeBytes? left, FixedSizeBytes? right) => !(left == right);

    /// <summary>True when every byte is zero (an all-zero channel_id or secret has a meaning of its own).</summary>
    protected bool IsAllZero() => !_bytes.AsSpan().ContainsAnyExcept((byte)0);
}
