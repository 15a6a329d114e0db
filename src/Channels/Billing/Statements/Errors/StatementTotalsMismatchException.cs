namespace Microchannels.Channels.Billing.Statements.Errors;

/// <summary>Totals that are not the readings' own: energy from the registers, money from the amounts.</summary>
public sealed class StatementTotalsMismatchException : StatementException
{
    public StatementTotalsMismatchException(StatementTotals stated, StatementTotals computed)
        : base($"The statement states totals {stated}; its readings give {computed}.")
    {
        Stated = stated;
        Computed = computed;
    }

    public StatementTotals Stated { get; }

    public StatementTotals Computed { get; }
}
