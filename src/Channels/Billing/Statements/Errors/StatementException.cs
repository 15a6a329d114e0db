namespace Microchannels.Channels.Billing.Statements.Errors;

/// <summary>
/// A statement (docs/STATEMENTS.md) that does not hold: one subclass per failure a
/// verifier must tell apart, carrying the position and values involved.
/// </summary>
public abstract class StatementException : Exception
{
    protected StatementException(string message)
        : base(message)
    {
    }

    protected StatementException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
