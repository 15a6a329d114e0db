using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A transfer of zero, or of more than the 21 million BTC any amount may be (BOLT 1 "Fundamental Types").</summary>
public sealed class InvalidTransferAmountException : ChannelException
{
    public InvalidTransferAmountException(ChannelId channelId, MilliSatoshis amount, bool local)
        : base(channelId, $"Transfer amount {amount} is not between 1 msat and {MilliSatoshis.MaxMoney} msat.")
    {
        Amount = amount;
        FailsChannel = !local;
    }

    public MilliSatoshis Amount { get; }

    public override bool FailsChannel { get; }
}
