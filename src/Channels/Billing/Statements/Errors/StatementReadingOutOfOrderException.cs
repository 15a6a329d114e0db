namespace Microchannels.Channels.Billing.Statements.Errors;

/// <summary>
/// A reading that does not chain to the one before it (its previous_reading_hash
/// names another reading): the statement's readings were reordered, one was
/// omitted, or one was repeated.
/// </summary>
public sealed class StatementReadingOutOfOrderException : StatementException
{
    public StatementReadingOutOfOrderException(int index, ReadingChainBreak kind)
        : base($"Reading {index} does not follow the reading before it: {kind}.")
    {
        Index = index;
        Kind = kind;
    }

    public int Index { get; }

    public ReadingChainBreak Kind { get; }
}
