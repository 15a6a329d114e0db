using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Node;

/// <summary>The peer's <c>init</c> was missing or its features are incompatible (BOLT 1 "The init Message").</summary>
public sealed class PeerHandshakeException : IOException
{
    public PeerHandshakeException(string message)
        : base(message)
    {
    }

    public PeerHandshakeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PeerHandshakeException()
    {
    }

    public FeatureNegotiationError? NegotiationError { get; init; }
}
