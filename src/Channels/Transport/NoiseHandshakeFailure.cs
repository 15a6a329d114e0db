namespace Microchannels.Channels.Transport;

/// <summary>
/// Why a BOLT 8 handshake act was rejected, in the words of the spec's test vectors
/// (Appendix A: <c>ACTn_READ_FAILED</c>, <c>ACTn_BAD_VERSION</c>, <c>ACTn_BAD_PUBKEY</c>,
/// <c>ACT3_BAD_CIPHERTEXT</c>, <c>ACTn_BAD_TAG</c>).
/// </summary>
public enum NoiseHandshakeFailure
{
    /// <summary>The act could not be read in full ("Read exactly 50 bytes"): fewer bytes arrived before the stream ended or failed.</summary>
    ReadFailed,

    /// <summary>The leading version byte is not 0 ("Clients MUST reject handshake attempts initiated with an unknown version").</summary>
    BadVersion,

    /// <summary>The ephemeral key (acts one and two) or the decrypted static key (act three) is not a valid compressed secp256k1 point.</summary>
    BadPublicKey,

    /// <summary>Act three: the MAC over the encrypted static key failed.</summary>
    BadCiphertext,

    /// <summary>The act's final MAC failed: the peer does not hold the key it claims, or the act was altered.</summary>
    BadTag,
}
