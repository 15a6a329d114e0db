using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Closing.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing;

/// <summary>
/// Which <c>scriptpubkey</c> a <c>shutdown</c> may carry (BOLT 2 "Closing Initiation:
/// shutdown"), and the relay dust threshold of each form (BOLT 3 "Dust Limits").
/// </summary>
public static class ShutdownRules
{
    private const byte Op0 = 0x00;
    private const byte Op1 = 0x51;
    private const byte Op16 = 0x60;
    private const byte OpReturnCode = 0x6a;
    private const byte OpPushData1 = 0x4c;
    private const byte OpDup = 0x76;
    private const byte OpHash160 = 0xa9;
    private const byte OpEqual = 0x87;
    private const byte OpEqualVerify = 0x88;
    private const byte OpCheckSig = 0xac;

    public static ShutdownScriptKind Classify(ReadOnlySpan<byte> script)
    {
        // BOLT 2, forms 1 and 2: "OP_0 20 20-bytes", "OP_0 32 32-bytes".
        if (script.Length == 22 && script[0] == Op0 && script[1] == 20)
        {
            return ShutdownScriptKind.PayToWitnessPubKeyHash;
        }

        if (script.Length == 34 && script[0] == Op0 && script[1] == 32)
        {
            return ShutdownScriptKind.PayToWitnessScriptHash;
        }

        // Form 3: "OP_1 through OP_16 inclusive, followed by a single push of 2 to 40 bytes".
        if (script.Length >= 4 && script[0] >= Op1 && script[0] <= Op16 && script[1] >= 2 && script[1] <= 40 && script.Length == 2 + script[1])
        {
            return ShutdownScriptKind.WitnessV1To16;
        }

        // Form 4: "OP_RETURN followed by one of:", "6 to 75 inclusive followed by exactly that
        // many bytes", "76 followed by 76 to 80 followed by exactly that many bytes".
        if (script.Length >= 2 && script[0] == OpReturnCode)
        {
            bool direct = script[1] >= 6 && script[1] <= 75 && script.Length == 2 + script[1];
            bool pushData1 = script.Length >= 3 && script[1] == OpPushData1 && script[2] >= 76 && script[2] <= 80 && script.Length == 3 + script[2];
            return direct || pushData1 ? ShutdownScriptKind.OpReturn : ShutdownScriptKind.Nonstandard;
        }

        // BOLT 2 rationale: "old nodes may send non-segwit scripts".
        if (script.Length == 25 && script[0] == OpDup && script[1] == OpHash160 && script[2] == 20 && script[23] == OpEqualVerify && script[24] == OpCheckSig)
        {
            return ShutdownScriptKind.PayToPubKeyHash;
        }

        if (script.Length == 23 && script[0] == OpHash160 && script[1] == 20 && script[22] == OpEqual)
        {
            return ShutdownScriptKind.PayToScriptHash;
        }

        return ShutdownScriptKind.Nonstandard;
    }

    /// <summary>
    /// BOLT 2, sending node: "MUST set scriptpubkey in one of the following forms" — v0
    /// P2WPKH and P2WSH always, witness v1..16 "if (and only if) option_shutdown_anysegwit
    /// is negotiated", OP_RETURN "if (and only if) option_simple_close is negotiated".
    /// </summary>
    public static bool IsAllowed(ShutdownScriptKind kind, bool anySegwit, bool simpleClose) => kind switch
    {
        ShutdownScriptKind.PayToWitnessPubKeyHash or ShutdownScriptKind.PayToWitnessScriptHash => true,
        ShutdownScriptKind.WitnessV1To16 => anySegwit,
        ShutdownScriptKind.OpReturn => simpleClose,
        _ => false,
    };

    /// <summary>
    /// Checks a script we are about to send (<paramref name="local"/>) or one the peer sent.
    /// The legacy <c>closing_signed</c> negotiation is used only when <c>option_simple_close</c>
    /// is not negotiated, so OP_RETURN is never allowed here. P2PKH and P2SH from the peer
    /// pass only when <see cref="ShutdownTerms.AcceptLegacyRemoteScripts"/> (BOLT 2 rationale:
    /// "may be accepted for backwards-compatibility"); we never send them.
    /// </summary>
    /// <exception cref="InvalidShutdownScriptException">The receiver "SHOULD send a warning".</exception>
    public static ShutdownScriptKind Validate(ChannelId channelId, ReadOnlySpan<byte> script, ShutdownTerms terms, bool local)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var kind = Classify(script);
        bool legacy = kind is ShutdownScriptKind.PayToPubKeyHash or ShutdownScriptKind.PayToScriptHash;
        if (IsAllowed(kind, terms.AnySegwit, simpleClose: false) || (!local && legacy && terms.AcceptLegacyRemoteScripts))
        {
            return kind;
        }

        throw new InvalidShutdownScriptException(channelId, new ByteVector(script), kind, local);
    }

    /// <summary>
    /// BOLT 3 "Dust Limits": Bitcoin Core's relay thresholds per output form ("OP_RETURN
    /// outputs: these are never dust").
    /// </summary>
    public static Satoshis DustThreshold(ShutdownScriptKind kind) => kind switch
    {
        ShutdownScriptKind.PayToPubKeyHash => new Satoshis(546),
        ShutdownScriptKind.PayToScriptHash => new Satoshis(540),
        ShutdownScriptKind.PayToWitnessPubKeyHash => new Satoshis(294),
        ShutdownScriptKind.PayToWitnessScriptHash => new Satoshis(330),
        ShutdownScriptKind.WitnessV1To16 => new Satoshis(354),
        ShutdownScriptKind.OpReturn => Satoshis.Zero,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A nonstandard script has no dust threshold; it is never accepted in a shutdown."),
    };
}
