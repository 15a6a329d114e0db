namespace Microchannels.Channels.Billing.Statements.Errors;

/// <summary>A statement file that is not the JSON docs/STATEMENTS.md describes.</summary>
public sealed class StatementFormatException : StatementException
{
    public StatementFormatException(string message)
        : base(message)
    {
    }

    public StatementFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
