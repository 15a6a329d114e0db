namespace Microchannels.Bitcoin.Tests.Addresses;

/// <summary>
/// Every test vector of BIP 350, "Test vectors", copied from
/// spec/bips/bip-0350.mediawiki (<see cref="BipVectorFileTests"/> checks the copy
/// against the file). Reasons are the BIP's words; messages are the prefix our
/// decoder must report for that reason.
/// </summary>
public static class Bip350Vectors
{
    public static TheoryData<string> ValidBech32m => new()
    {
        "A1LQFN3A",
        "a1lqfn3a",
        "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
        "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
        "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
        "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
        "?1v759aa",
    };

    public static TheoryData<string, string, string> InvalidBech32m => new()
    {
        { "\u0020" + "1xj0phk", "HRP character out of range", "HRP character out of range" },
        { "\u007F" + "1g6xzxy", "HRP character out of range", "HRP character out of range" },
        { "\u0080" + "1vctc34", "HRP character out of range", "HRP character out of range" },
        { "an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4", "overall max length exceeded", "overall max length exceeded" },
        { "qyrz8wqd2c9m", "No separator character", "no separator character" },
        { "1qyrz8wqd2c9m", "Empty HRP", "empty HRP" },
        { "y1b0jsk6g", "Invalid data character", "invalid data character" },
        { "lt1igcx5c0", "Invalid data character", "invalid data character" },
        { "in1muywd", "Too short checksum", "too short checksum" },
        { "mm1crxm3i", "Invalid character in checksum", "invalid character in checksum" },
        { "au1s5cgom", "Invalid character in checksum", "invalid character in checksum" },
        { "M1VUXWEZ", "checksum calculated with uppercase form of HRP", "invalid checksum" },
        { "16plkw9", "empty HRP", "empty HRP" },
        { "1p2gdwpf", "empty HRP", "empty HRP" },
    };

    public static TheoryData<string, string> ValidSegwitAddresses => new()
    {
        { "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "0014751e76e8199196d454941c45d1b3a323f1433bd6" },
        { "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262" },
        { "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y", "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6" },
        { "BC1SW50QGDZ25J", "6002751e" },
        { "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "5210751e76e8199196d454941c45d1b3a323" },
        { "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy", "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433" },
        { "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433" },
        { "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798" },
    };

    public static TheoryData<string, string, string> InvalidSegwitAddresses => new()
    {
        { "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut", "Invalid human-readable part", "invalid human-readable part 'tc'" },
        { "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", "Invalid checksum (Bech32 instead of Bech32m)", "invalid checksum: witness version 1 requires bech32m" },
        { "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf", "Invalid checksum (Bech32 instead of Bech32m)", "invalid checksum: witness version 2 requires bech32m" },
        { "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL", "Invalid checksum (Bech32 instead of Bech32m)", "invalid checksum: witness version 16 requires bech32m" },
        { "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "Invalid checksum (Bech32m instead of Bech32)", "invalid checksum: witness version 0 requires bech32, not bech32m" },
        { "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47", "Invalid checksum (Bech32m instead of Bech32)", "invalid checksum: witness version 0 requires bech32, not bech32m" },
        { "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", "Invalid character in checksum", "invalid character in checksum" },
        { "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", "Invalid witness version", "invalid witness version 17" },
        { "bc1pw5dgrnzv", "Invalid program length (1 byte)", "invalid program length: 1 byte," },
        { "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav", "Invalid program length (41 bytes)", "invalid program length: 41 bytes" },
        { "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", "Invalid program length for witness version 0 (per BIP141)", "invalid program length for witness version 0: 16 bytes" },
        { "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq", "Mixed case", "mixed case" },
        { "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", "zero padding of more than 4 bits", "zero padding of more than 4 bits" },
        { "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j", "Non-zero padding in 8-to-5 conversion", "non-zero padding" },
        { "bc1gmk9yu", "Empty data section", "empty data section" },
    };
}
