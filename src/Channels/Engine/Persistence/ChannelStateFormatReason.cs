namespace Microchannels.Channels.Engine.Persistence;

/// <summary>
/// Why a stored channel state failed to decode. Each value names the rule the bytes
/// broke, so a caller (and a test) can tell a torn write from a damaged field without
/// parsing exception text.
/// </summary>
public enum ChannelStateFormatReason
{
    /// <summary>Raised through a standard exception constructor without a reason.</summary>
    Unspecified = 0,

    /// <summary>A field needs more bytes than remain (a torn or cut-off write).</summary>
    Truncated,

    /// <summary>The first byte is not <see cref="CommitmentsCodec.Magic"/>: not a stored <see cref="Commitments"/>.</summary>
    UnknownFormat,

    /// <summary>A format version this build cannot read (written by a newer one, or damaged).</summary>
    UnsupportedVersion,

    /// <summary>Bytes left over after the state, which must end exactly.</summary>
    TrailingBytes,

    /// <summary>A list claims more items than the bytes remaining could hold.</summary>
    CountExceedsInput,

    /// <summary>A value with more than one encoding written in one that is not ours (a non-minimal BigSize, an unordered secret store).</summary>
    NonCanonical,

    /// <summary>A flag, presence marker or HTLC direction byte outside its few allowed values.</summary>
    InvalidFlag,

    /// <summary>33 bytes that are not a compressed secp256k1 point.</summary>
    InvalidPoint,

    /// <summary>64 bytes that are not a compact ECDSA signature (r or s zero or not below n).</summary>
    InvalidSignature,

    /// <summary>A channel update whose tag names no known update kind.</summary>
    UnknownUpdateTag,

    /// <summary>An amount beyond 21 million BTC, or a commitment number beyond 2^48 - 1.</summary>
    ValueOutOfRange,

    /// <summary>The counterparty's per-commitment secrets do not form a valid BOLT 3 store.</summary>
    InvalidSecretStore,
}
