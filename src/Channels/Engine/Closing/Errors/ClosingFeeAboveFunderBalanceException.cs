using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing.Errors;

/// <summary>
/// A closing fee larger than the funder's final balance: BOLT 3 "Legacy Closing
/// Transaction" takes the fee from "the output to the funder", which cannot go negative.
/// </summary>
public sealed class ClosingFeeAboveFunderBalanceException : ChannelException
{
    public ClosingFeeAboveFunderBalanceException(ChannelId channelId, ulong feeSatoshis, Satoshis funderBalance)
        : base(channelId, $"Closing fee {feeSatoshis} sat exceeds the funder's balance of {funderBalance}.")
    {
        FeeSatoshis = feeSatoshis;
        FunderBalance = funderBalance;
    }

    public ulong FeeSatoshis { get; }

    public Satoshis FunderBalance { get; }
}
