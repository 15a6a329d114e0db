namespace Microchannels.Channels.Billing.Statements.Errors;

/// <summary>A node signature over the statement's digest that is missing or does not verify.</summary>
public sealed class StatementSignatureInvalidException : StatementException
{
    public StatementSignatureInvalidException(string side)
        : base($"The {side}'s signature over the statement is missing or invalid.")
    {
        Side = side;
    }

    public string Side { get; }
}
