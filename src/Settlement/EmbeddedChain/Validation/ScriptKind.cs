using NBitcoin;

namespace Microchannels.EmbeddedChain.Validation;

/// <summary>
/// What bitcoind's Solver (script/solver.cpp) calls an output script, by the names its RPCs
/// print ("witness_v0_keyhash", "nulldata", ...); "nonstandard" is refused by policy as
/// "scriptpubkey" (policy/policy.cpp IsStandard).
/// </summary>
public static class ScriptKind
{
    public const string NonStandard = "nonstandard";

    public static string Of(Script scriptPubKey)
    {
        byte[] s = scriptPubKey.ToBytes(true);
        if (s.Length == 25 && s[0] == 0x76 && s[1] == 0xa9 && s[2] == 0x14 && s[23] == 0x88 && s[24] == 0xac)
        {
            return "pubkeyhash";
        }

        if (s.Length == 23 && s[0] == 0xa9 && s[1] == 0x14 && s[22] == 0x87)
        {
            return "scripthash";
        }

        if (s.Length is >= 4 and <= 42 && (s[0] == 0x00 || s[0] is >= 0x51 and <= 0x60) && s[1] + 2 == s.Length)
        {
            return WitnessKind(s[0] == 0 ? 0 : s[0] - 0x50, s.Length - 2, s);
        }

        if (s.Length > 0 && s[0] == 0x6a)
        {
            return "nulldata";
        }

        if ((s.Length == 35 && s[0] == 33 && s[34] == 0xac) || (s.Length == 67 && s[0] == 65 && s[66] == 0xac))
        {
            return "pubkey";
        }

        return PayToMultiSigTemplate.Instance.CheckScriptPubKey(scriptPubKey) ? "multisig" : NonStandard;
    }

    private static string WitnessKind(int version, int programLength, byte[] script) => (version, programLength) switch
    {
        (0, 20) => "witness_v0_keyhash",
        (0, 32) => "witness_v0_scripthash",
        (0, _) => NonStandard,
        (1, 32) => "witness_v1_taproot",

        // BIP 433 pay-to-anchor: OP_1 <0x4e73>.
        (1, 2) when script[2] == 0x4e && script[3] == 0x73 => "anchor",
        _ => "witness_unknown",
    };
}
