namespace Microchannels.Channels.Billing.Statements.Errors;

/// <summary>Two statements of a channel that do not follow one another: another channel, a gap, an overlap, or a prefix that is not the earlier statement's tree.</summary>
public sealed class StatementSequenceException : StatementException
{
    public StatementSequenceException(int index, string reason)
        : base($"Statement {index} does not follow the one before it: {reason}.")
    {
        Index = index;
        Reason = reason;
    }

    public int Index { get; }

    public string Reason { get; }
}
