namespace Microchannels.Channels.Transactions;

/// <summary>
/// The outputs our claim transactions spend (BOLT 5): a revoked commitment's outputs
/// (or its HTLC transactions'), and our own delayed <c>to_local</c>.
/// </summary>
public enum ClaimedOutputKind
{
    /// <summary>A <c>to_local</c>: the cheater's (witness <c>&lt;revocation_sig&gt; 1</c>) or our own after the delay.</summary>
    ToLocal,

    /// <summary>An HTLC the cheater offered: witness <c>&lt;revocation_sig&gt; &lt;revocationpubkey&gt;</c>.</summary>
    OfferedHtlc,

    /// <summary>An HTLC the cheater received: witness <c>&lt;revocation_sig&gt; &lt;revocationpubkey&gt;</c>.</summary>
    ReceivedHtlc,

    /// <summary>The output of the cheater's HTLC-timeout or HTLC-success transaction: same script as <c>to_local</c>.</summary>
    HtlcTransactionOutput,
}
