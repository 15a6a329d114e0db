using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing;

/// <summary>
/// What was agreed at connection and channel open that constrains <c>shutdown</c>
/// (BOLT 2 "Closing Initiation: shutdown"):
/// <list type="bullet">
/// <item><see cref="AnySegwit"/>: <c>option_shutdown_anysegwit</c> was negotiated (witness v1..16 allowed);</item>
/// <item><see cref="AcceptLegacyRemoteScripts"/>: accept P2PKH / P2SH from an old peer (rationale: "may be accepted for backwards-compatibility");</item>
/// <item><see cref="LocalUpfrontScript"/>: the non-empty <c>shutdown_scriptpubkey</c> we sent in <c>open_channel</c> / <c>accept_channel</c> ("MUST send the same value");</item>
/// <item><see cref="RemoteUpfrontScript"/>: the peer's non-empty one, set only if both nodes advertised <c>option_upfront_shutdown_script</c>.</item>
/// </list>
/// </summary>
public sealed record ShutdownTerms(
    bool AnySegwit,
    bool AcceptLegacyRemoteScripts = false,
    ByteVector? LocalUpfrontScript = null,
    ByteVector? RemoteUpfrontScript = null)
{
    /// <summary>No optional feature, no upfront scripts.</summary>
    public static ShutdownTerms Default { get; } = new(AnySegwit: false);
}
