namespace Microchannels.Channels.Billing.Statements.Errors;

/// <summary>The readings and the prefix border do not hash to the root the statement names.</summary>
public sealed class StatementRootMismatchException : StatementException
{
    public StatementRootMismatchException(string expectedHex, string computedHex)
        : base($"The readings hash to root {computedHex}, not {expectedHex}.")
    {
        ExpectedHex = expectedHex;
        ComputedHex = computedHex;
    }

    public string ExpectedHex { get; }

    public string ComputedHex { get; }
}
