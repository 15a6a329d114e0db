namespace Microchannels.Channels.Wire;

/// <summary>
/// An immutable byte string with value equality, for the variable-length fields
/// of Lightning messages (`len*byte`, `...*byte`): scripts, error data, ping
/// padding, TLV values. The bytes are copied in and never handed out mutable,
/// so a decoded message cannot change after it was checked. The default value
/// is the empty string.
/// </summary>
public readonly struct ByteVector : IEquatable<ByteVector>
{
    private readonly byte[]? _bytes;

    public ByteVector(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes.IsEmpty ? [] : bytes.ToArray();
    }

    public static ByteVector Empty => default;

    public int Length => _bytes?.Length ?? 0;

    public bool IsEmpty => Length == 0;

    public ReadOnlySpan<byte> Span => _bytes;

    public static ByteVector FromHex(string hex) => new(Convert.FromHexString(hex));

    public byte[] ToArray() => Span.ToArray();

    public string ToHex() => Convert.ToHexStringLower(Span);

    public override string ToString() => ToHex();

    public bool Equals(ByteVector other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is ByteVector other && Equals(other);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(ByteVector left, ByteVector right) => left.Equals(right);

    public static bool operator !=(ByteVector left, ByteVector right) => !left.Equals(right);
}
