namespace Microchannels.Channels.Billing.Statements.Errors;

/// <summary>How a statement's hash chain of readings was broken.</summary>
public enum ReadingChainBreak
{
    /// <summary>The reading is the same as the one before it.</summary>
    Duplicated,

    /// <summary>The reading's predecessor appears later in the statement.</summary>
    Reordered,

    /// <summary>The reading's predecessor is nowhere in the statement: a reading between them is missing.</summary>
    Omitted,
}
