namespace Microchannels.Channels.Keys;

/// <summary>
/// A per-commitment secret that does not belong to the chain we hold: it does
/// not derive the secrets already received (BOLT 3 "Efficient Per-commitment
/// Secret Storage": "the secrets were not generated from the same seed"), or it
/// arrives out of order. BOLT 2 "Completing the Transition to the Updated State"
/// says the receiver MUST fail the channel.
/// </summary>
public sealed class InvalidPerCommitmentSecretException : Exception
{
    public InvalidPerCommitmentSecretException()
    {
    }

    public InvalidPerCommitmentSecretException(string message)
        : base(message)
    {
    }

    public InvalidPerCommitmentSecretException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ulong Index { get; init; }
}
