namespace Microchannels.Channels.Billing.Statements.Errors;

/// <summary>A reading whose meter signature does not verify against the meter's reading key: changed after the meter signed it.</summary>
public sealed class StatementReadingTamperedException : StatementException
{
    public StatementReadingTamperedException(int index)
        : base($"Reading {index} does not carry a valid meter signature: it was altered.")
    {
        Index = index;
    }

    public int Index { get; }
}
