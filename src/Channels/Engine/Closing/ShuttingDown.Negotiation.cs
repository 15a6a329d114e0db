using Microchannels.Channels.Engine.Closing.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing;

/// <summary>The hand-over from shutdown to fee negotiation.</summary>
public sealed partial record ShuttingDown
{
    /// <summary>
    /// Once <see cref="ReadyToNegotiate"/>: see <see cref="Negotiating.Begin"/> (the funder
    /// gets its first <c>closing_signed</c>, the other side none).
    /// </summary>
    public (Negotiating State, ClosingSigned? Message) StartNegotiating(IChannelSigner signer, ClosingFeerates feerates) =>
        Negotiating.Begin(this, signer, feerates);

    /// <summary>
    /// The funder's first <c>closing_signed</c> reaching the non-funder, which starts
    /// negotiating on it. The funder itself starts as soon as it is ready, so it never
    /// receives one here.
    /// </summary>
    /// <exception cref="UnexpectedClosingSignedException">The channel is not quiet yet, or a <c>shutdown</c> is missing.</exception>
    public ClosingSignedOutcome ReceiveClosingSigned(ClosingSigned message, IChannelSigner signer, ClosingFeerates feerates)
    {
        ArgumentNullException.ThrowIfNull(message);
        CheckChannel(message.ChannelId);
        if (!ReadyToNegotiate)
        {
            throw new UnexpectedClosingSignedException(ChannelId, afterAgreement: false);
        }

        if (Commitments.Parameters.LocalIsOpener)
        {
            throw new InvalidOperationException("The funder starts negotiating (StartNegotiating) as soon as it is ready; route closing_signed to Negotiating.");
        }

        return StartNegotiating(signer, feerates).State.ReceiveClosingSigned(message, signer);
    }
}
