using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening.Errors;

/// <summary>
/// The wallet's funding transaction is not one we may sign for: it lacks exactly one
/// output paying the funding amount to the funding script (BOLT 3 "Funding Transaction
/// Output"), or spends a non-segwit input whose txid could be malleated (BOLT 2 "The
/// funding_created Message": "SHOULD use only BIP141 (Segregated Witness) inputs").
/// </summary>
public sealed class FundingTransactionMismatchException : ChannelException
{
    public FundingTransactionMismatchException(ChannelId channelId, string reason)
        : base(channelId, $"Unusable funding transaction: {reason}.")
    {
        Reason = reason;
    }

    public string Reason { get; }

    /// <summary>Our own wallet's fault, not the peer's: the opening is abandoned without blame.</summary>
    public override bool FailsChannel => false;
}
