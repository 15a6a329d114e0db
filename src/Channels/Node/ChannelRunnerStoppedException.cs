namespace Microchannels.Channels.Node;

/// <summary>A runner stopped because an action failed; resume from the store with a new runner.</summary>
public sealed class ChannelRunnerStoppedException : Exception
{
    public ChannelRunnerStoppedException()
    {
    }

    public ChannelRunnerStoppedException(string message)
        : base(message)
    {
    }

    public ChannelRunnerStoppedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
