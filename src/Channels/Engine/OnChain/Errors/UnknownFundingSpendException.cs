using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.OnChain.Errors;

/// <summary>
/// A transaction reported as spending the funding output that is none of BOLT 5's
/// categories. BOLT 5 "General Requirements": "MUST warn the user of potentially lost
/// funds" (its existence implies a leaked key). The channel is left as it was.
/// </summary>
public sealed class UnknownFundingSpendException : ChannelException
{
    public UnknownFundingSpendException(ChannelId channelId, TxId txId, string reason)
        : base(channelId, $"Transaction {txId} spending the funding output is not a known close: {reason}")
    {
        TxId = txId;
        Reason = reason;
    }

    public TxId TxId { get; }

    public string Reason { get; }

    /// <summary>Nothing the peer sent is at fault; the user is warned and the channel kept.</summary>
    public override bool FailsChannel => false;
}
