namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 1 `chain_hash`: the genesis block hash of the chain. BOLT 0 ("chain_hash"):
/// "Unlike bitcoin-cli, the hash is not reversed but is used directly", i.e. the
/// bytes are the double-SHA-256 of the genesis header as computed.
/// </summary>
public sealed class ChainHash : FixedSizeBytes
{
    public const int Size = 32;

    public ChainHash(ReadOnlySpan<byte> bytes)
        : base(bytes, Size)
    {
    }

    /// <summary>Bitcoin mainnet, the value BOLT 0 gives.</summary>
    public static ChainHash Bitcoin { get; } =
        FromHex("6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000");

    /// <summary>Bitcoin regtest (genesis 0f9188f1...2206 as bitcoin-cli prints it, reversed).</summary>
    public static ChainHash Regtest { get; } =
        FromHex("06226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f");

    public static ChainHash FromHex(string hex) => new(Convert.FromHexString(hex));
}
