namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 1 `signature`: a 64-byte ECDSA signature in compact form (32-byte R then
/// 32-byte S, both big-endian). Its validity, and the LOW-S rule BOLT 2 requires,
/// are checked by whoever holds the public key, not by the wire layer.
/// </summary>
public sealed class CompactSignature : FixedSizeBytes
{
    public const int Size = 64;

    public CompactSignature(ReadOnlySpan<byte> bytes)
        : base(bytes, Size)
    {
    }

    public static CompactSignature FromHex(string hex) => new(Convert.FromHexString(hex));
}
