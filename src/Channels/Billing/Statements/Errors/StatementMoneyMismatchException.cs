namespace Microchannels.Channels.Billing.Statements.Errors;

/// <summary>Money that is not energy × tariff.</summary>
public sealed class StatementMoneyMismatchException : StatementException
{
    public StatementMoneyMismatchException(ulong importWh, ulong tariffMsatPerWh, MilliSatoshis paid)
        : base($"{importWh} Wh at {tariffMsatPerWh} msat/Wh is not the {paid} the readings paid.")
    {
        ImportWh = importWh;
        TariffMsatPerWh = tariffMsatPerWh;
        Paid = paid;
    }

    public ulong ImportWh { get; }

    public ulong TariffMsatPerWh { get; }

    public MilliSatoshis Paid { get; }
}
