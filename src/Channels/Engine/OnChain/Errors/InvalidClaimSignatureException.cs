using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.OnChain.Errors;

/// <summary>
/// The signer returned a signature that does not verify for an input of our sweep or
/// penalty: broadcasting it would be rejected, so it is reported instead (the close is
/// recorded again when the spend is reported again, e.g. after the signer is fixed).
/// </summary>
public sealed class InvalidClaimSignatureException : ChannelException
{
    public InvalidClaimSignatureException(ChannelId channelId, TxId spendingTxId, int inputIndex)
        : base(channelId, $"The signer's signature for input {inputIndex} of the claim on {spendingTxId} does not verify.")
    {
        SpendingTxId = spendingTxId;
        InputIndex = inputIndex;
    }

    public TxId SpendingTxId { get; }

    public int InputIndex { get; }

    public override bool FailsChannel => false;
}
