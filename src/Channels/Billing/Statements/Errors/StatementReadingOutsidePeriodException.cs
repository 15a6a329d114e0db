namespace Microchannels.Channels.Billing.Statements.Errors;

/// <summary>A reading taken outside the statement's period.</summary>
public sealed class StatementReadingOutsidePeriodException : StatementException
{
    public StatementReadingOutsidePeriodException(int index, ulong timestamp)
        : base($"Reading {index} was taken at {timestamp}, outside the statement's period.")
    {
        Index = index;
        Timestamp = timestamp;
    }

    public int Index { get; }

    public ulong Timestamp { get; }
}
