namespace Microchannels.Demo;

/// <summary>The demo cannot go on: the message says what failed and where to look.</summary>
public sealed class DemoFailedException : Exception
{
    public DemoFailedException()
    {
    }

    public DemoFailedException(string message)
        : base(message)
    {
    }

    public DemoFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
