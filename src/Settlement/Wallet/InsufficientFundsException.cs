using Microchannels.Bitcoin;

namespace Microchannels.Settlement.Wallet;

/// <summary>The wallet's spendable coins cannot pay the amount plus the fee of spending them all.</summary>
public sealed class InsufficientFundsException : Exception
{
    public InsufficientFundsException(Satoshis needed, Satoshis available)
        : base($"Insufficient funds: {needed} needed (amount and fee), {available} available.")
    {
        Needed = needed;
        Available = available;
    }

    public InsufficientFundsException()
    {
    }

    public InsufficientFundsException(string message)
        : base(message)
    {
    }

    public InsufficientFundsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The amount plus the fee with every available coin spent (with one input when there is no coin).</summary>
    public Satoshis Needed { get; }

    public Satoshis Available { get; }
}
