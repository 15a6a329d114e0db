namespace Microchannels.Meter.Sources.Sml;

/// <summary>
/// An SML frame was refused. Each failure has its own type; whatever the failure, the
/// register it would have moved stays where it was.
/// </summary>
public abstract class SmlException : Exception
{
    protected SmlException(string message)
        : base(message)
    {
    }
}
