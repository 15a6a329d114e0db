namespace Microchannels.Channels.Billing.Statements.Errors;

/// <summary>A reading signed for another chain, channel or provider: replayed into this statement.</summary>
public sealed class StatementReadingForeignException : StatementException
{
    public StatementReadingForeignException(int index, string field)
        : base($"Reading {index} names another {field}: it belongs to another channel or provider.")
    {
        Index = index;
        Field = field;
    }

    public int Index { get; }

    public string Field { get; }
}
