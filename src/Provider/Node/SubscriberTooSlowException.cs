namespace Microchannels.Provider.Node;

/// <summary>A stream subscriber fell so far behind that its queue filled; its stream ends (RESOURCE_EXHAUSTED).</summary>
public sealed class SubscriberTooSlowException : Exception
{
    public SubscriberTooSlowException()
        : base("The subscriber fell too far behind; subscribe again.")
    {
    }

    public SubscriberTooSlowException(string message)
        : base(message)
    {
    }

    public SubscriberTooSlowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
