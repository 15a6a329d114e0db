namespace Microchannels.Channels.Billing.Statements.Errors;

/// <summary>A version-1 reading in a statement: it names no channel, provider or predecessor, so nothing ties it to this statement.</summary>
public sealed class StatementReadingUnboundException : StatementException
{
    public StatementReadingUnboundException(int index)
        : base($"Reading {index} is version 1 and binds no channel; statements hold version-2 readings.")
    {
        Index = index;
    }

    public int Index { get; }
}
