namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 1 `sha256`: a 32-byte SHA-256 digest, in the byte order the hash function
/// produced it (a `funding_txid` on the wire is therefore in internal order,
/// not the reversed order bitcoin-cli displays).
/// </summary>
public sealed class Sha256Hash : FixedSizeBytes
{
    public const int Size = 32;

    public Sha256Hash(ReadOnlySpan<byte> bytes)
        : base(bytes, Size)
    {
    }

    public static Sha256Hash FromHex(string hex) => new(Convert.FromHexString(hex));
}
