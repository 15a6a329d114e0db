namespace Microchannels.Bitcoin.Tests.Addresses;

/// <summary>
/// Every test vector of BIP 173, "Test vectors", copied from
/// spec/bips/bip-0173.mediawiki (<see cref="BipVectorFileTests"/> checks the copy
/// against the file). Reasons are the BIP's words; messages are the prefix our
/// decoder must report for that reason.
/// </summary>
public static class Bip173Vectors
{
    public static TheoryData<string> ValidBech32 => new()
    {
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl",
    };

    public static TheoryData<string, string, string> InvalidBech32 => new()
    {
        { "\u0020" + "1nwldj5", "HRP character out of range", "HRP character out of range" },
        { "\u007F" + "1axkwrx", "HRP character out of range", "HRP character out of range" },
        { "\u0080" + "1eym55h", "HRP character out of range", "HRP character out of range" },
        { "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx", "overall max length exceeded", "overall max length exceeded" },
        { "pzry9x0s0muk", "No separator character", "no separator character" },
        { "1pzry9x0s0muk", "Empty HRP", "empty HRP" },
        { "x1b4n0q5v", "Invalid data character", "invalid data character" },
        { "li1dgmt3", "Too short checksum", "too short checksum" },
        { "de1lg7wt" + "\u00FF", "Invalid character in checksum", "invalid character in checksum" },
        { "A1G7SGD8", "checksum calculated with uppercase form of HRP", "invalid checksum" },
        { "10a06t8", "empty HRP", "empty HRP" },
        { "1qzzfhee", "empty HRP", "empty HRP" },
    };

    /// <summary>
    /// BIP 173's valid segwit addresses, with the error BIP 350 now gives those of
    /// version 1 and up (they carry a Bech32 checksum; BIP 350 requires Bech32m), or
    /// null for those that stay valid.
    /// </summary>
    public static TheoryData<string, string, string?> SegwitAddresses => new()
    {
        { "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "0014751e76e8199196d454941c45d1b3a323f1433bd6", null },
        { "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262", null },
        { "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx", "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6", "invalid checksum: witness version 1 requires bech32m" },
        { "BC1SW50QA3JX3S", "6002751e", "invalid checksum: witness version 16 requires bech32m" },
        { "bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj", "5210751e76e8199196d454941c45d1b3a323", "invalid checksum: witness version 2 requires bech32m" },
        { "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy", "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433", null },
    };

    /// <summary>BIP 173's invalid segwit addresses; each is still invalid, for the same reason, under BIP 350.</summary>
    public static TheoryData<string, string, string> InvalidSegwitAddresses => new()
    {
        { "tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty", "Invalid human-readable part", "invalid human-readable part 'tc'" },
        { "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "Invalid checksum", "invalid checksum" },
        { "BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2", "Invalid witness version", "invalid witness version 17" },
        { "bc1rw5uspcuh", "Invalid program length", "invalid program length: 1 byte," },
        { "bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90", "Invalid program length", "invalid program length: 41 bytes" },
        { "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", "Invalid program length for witness version 0 (per BIP141)", "invalid program length for witness version 0: 16 bytes" },
        { "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7", "Mixed case", "mixed case" },
        { "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du", "zero padding of more than 4 bits", "zero padding of more than 4 bits" },
        { "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv", "Non-zero padding in 8-to-5 conversion", "non-zero padding" },
        { "bc1gmk9yu", "Empty data section", "empty data section" },
    };
}
