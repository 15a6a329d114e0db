using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing;

/// <summary>
/// What one received <c>closing_signed</c> leads to: the state to store, the
/// <c>closing_signed</c> to send (a counter-proposal, or the same fee to confirm), and,
/// once the fee is agreed, the fully signed closing transaction to broadcast. The shell
/// stores <see cref="State"/>, then sends <see cref="Reply"/>, then broadcasts.
/// </summary>
public sealed record ClosingSignedOutcome(Negotiating State, ClosingSigned? Reply, Transaction? SignedClosingTransaction)
{
    public bool IsAgreed => SignedClosingTransaction is not null;
}
