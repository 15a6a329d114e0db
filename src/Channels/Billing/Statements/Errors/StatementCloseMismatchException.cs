namespace Microchannels.Channels.Billing.Statements.Errors;

/// <summary>Statement totals that do not match the provider's output of the closing transaction.</summary>
public sealed class StatementCloseMismatchException : StatementException
{
    public StatementCloseMismatchException(long expectedSatoshis, long actualSatoshis)
        : base($"The statements give the provider {expectedSatoshis} sat at close; the closing transaction pays it {actualSatoshis} sat.")
    {
        ExpectedSatoshis = expectedSatoshis;
        ActualSatoshis = actualSatoshis;
    }

    public long ExpectedSatoshis { get; }

    public long ActualSatoshis { get; }
}
