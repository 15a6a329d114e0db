namespace Microchannels.Channels.Engine.Closing;

/// <summary>
/// The output script forms BOLT 2 "Closing Initiation: shutdown" and BOLT 3 "Dust
/// Limits" name. <see cref="Nonstandard"/> is everything else.
/// </summary>
public enum ShutdownScriptKind
{
    Nonstandard,

    /// <summary><c>OP_DUP OP_HASH160 20 &lt;20 bytes&gt; OP_EQUALVERIFY OP_CHECKSIG</c>: not allowed by the pinned BOLT 2, accepted from old peers only on request.</summary>
    PayToPubKeyHash,

    /// <summary><c>OP_HASH160 20 &lt;20 bytes&gt; OP_EQUAL</c>: like <see cref="PayToPubKeyHash"/>.</summary>
    PayToScriptHash,

    /// <summary><c>OP_0 20 &lt;20 bytes&gt;</c>.</summary>
    PayToWitnessPubKeyHash,

    /// <summary><c>OP_0 32 &lt;32 bytes&gt;</c>.</summary>
    PayToWitnessScriptHash,

    /// <summary><c>OP_1</c>..<c>OP_16</c> then a single push of 2 to 40 bytes (needs <c>option_shutdown_anysegwit</c>).</summary>
    WitnessV1To16,

    /// <summary><c>OP_RETURN</c> with one push of 6 to 80 bytes (needs <c>option_simple_close</c>).</summary>
    OpReturn,
}
