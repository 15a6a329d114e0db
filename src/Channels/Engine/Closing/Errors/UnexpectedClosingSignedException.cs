using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing.Errors;

/// <summary>
/// A <c>closing_signed</c> out of turn. Before negotiation may begin (BOLT 2 "Legacy
/// Closing Negotiation": only once "the channel is empty of HTLCs, there are no
/// commitments for which a revocation is owed, and all updates are included on both
/// commitments") the peer broke the protocol. After agreement there is nothing left to
/// negotiate: the agreed transaction stands, so the channel is not failed.
/// </summary>
public sealed class UnexpectedClosingSignedException : ChannelException
{
    public UnexpectedClosingSignedException(ChannelId channelId, bool afterAgreement)
        : base(channelId, afterAgreement
            ? "closing_signed received after the closing fee was agreed."
            : "closing_signed received before shutdown completed and all updates were committed on both sides.")
    {
        AfterAgreement = afterAgreement;
    }

    public bool AfterAgreement { get; }

    public override bool FailsChannel => !AfterAgreement;
}
