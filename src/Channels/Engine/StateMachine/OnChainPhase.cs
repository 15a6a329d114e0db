using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Engine.OnChain.Errors;
using Microchannels.Channels.Signing;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>
/// BOLT 5 in the state machine: a spend of the funding output, seen from any phase that
/// holds commitments, is classified (<see cref="FundingSpendClassifier"/>) and resolved
/// (<see cref="FundingSpendResolver"/>); the resulting <see cref="ChannelState.ClosingOnChain"/>
/// is stored before any claim is broadcast; confirmations then release the sweep and, once
/// everything is irrevocably resolved, end in <see cref="ChannelState.Closed"/>. A spend we
/// cannot resolve is reported (<see cref="ChannelAction.OnChainWarning"/>) and changes nothing.
/// </summary>
internal static class OnChainPhase
{
    /// <summary>
    /// BOLT 5 "Requirements": "upon the funding transaction being spent, if the channel is NOT
    /// already closed: ... SHOULD fail the channel": the channel leaves its phase for good.
    /// </summary>
    public static ChannelStep FundingSpent(ChannelState state, Commitments commitments, ChannelInput.FundingSpent spent, IChannelSigner signer) =>
        Resolve(state, commitments, spent, signer, mutualClose: false);

    /// <summary>From a phase where our part is done (force closing, waiting, mutual close).</summary>
    public static ChannelStep FundingSpentAfterClose(ChannelState state, ChannelInput.FundingSpent spent, IChannelSigner signer) => state switch
    {
        ChannelState.ForceClosing f => FundingSpent(state, f.Commitments, spent, signer),
        ChannelState.WaitingForRemoteClose w => FundingSpent(state, w.Commitments, spent, signer),
        ChannelState.MutualClose m => Resolve(state, m.Commitments, spent, signer, IsClosing(m, spent.Transaction)),
        _ => ChannelStep.Unchanged(state),
    };

    public static ChannelStep Handle(ChannelState.ClosingOnChain state, ChannelInput input, IChannelSigner signer) => input switch
    {
        ChannelInput.FundingSpent spent when spent.Transaction.GetTxId() == state.Close.SpendingTransaction.GetTxId() => Rebroadcast(state),

        // Another spend replaced ours (a reorg): resolve what the chain now holds.
        ChannelInput.FundingSpent spent => Resolve(state, state.Commitments, spent, signer, state.Close.Kind == FundingSpendKind.MutualClose && IsSameClose(state.Close.SpendingTransaction, spent.Transaction)),
        ChannelInput.TransactionConfirmed confirmed => Confirmed(state, confirmed),
        ChannelInput.BlockConnected block => Bump(state, block.Pricing, signer),
        ChannelInput.SendTransfer or ChannelInput.UpdateFee or ChannelInput.CooperativeClose or ChannelInput.ForceClose =>
            new StepBuilder(state).Notify(new ChannelAction.CommandRejected(input, new UnexpectedMessageException(state.ChannelId, input.GetType().Name, nameof(ChannelState.ClosingOnChain)))).Build(),
        _ => ChannelStep.Unchanged(state),
    };

    private static ChannelStep Resolve(ChannelState state, Commitments commitments, ChannelInput.FundingSpent spent, IChannelSigner signer, bool mutualClose)
    {
        var spending = spent.Transaction;
        try
        {
            var classification = mutualClose
                ? new FundingSpendClassification(FundingSpendKind.MutualClose, null)
                : FundingSpendClassifier.Classify(commitments, spending, signer.GetPerCommitmentPoint(commitments.LocalCommit.Index));
            if (classification.Kind == FundingSpendKind.Unknown)
            {
                throw new UnknownFundingSpendException(commitments.ChannelId, spending.GetTxId(), classification.Reason ?? "unrecognised");
            }

            var close = FundingSpendResolver.Resolve(commitments, spending, classification, signer, spent.Pricing);
            var builder = new StepBuilder(state).Store(new ChannelState.ClosingOnChain(commitments, close));
            if (close.ClaimDue)
            {
                builder.Broadcast(close.Claim!, Reason(close));
            }

            return builder.Notify(new ChannelAction.ClosedOnChain(close.Kind, close.OurAmount, close.OurOutputs, close.TxIds)).Build();
        }
        catch (ChannelException e)
        {
            return new StepBuilder(state).Notify(new ChannelAction.OnChainWarning(e)).Build();
        }
    }

    /// <summary>
    /// A block passed and our claim is still unconfirmed: re-sign it at the rate the schedule
    /// asks for now (<see cref="ClaimBumper"/>), store it, then broadcast it (save, then send).
    /// </summary>
    private static ChannelStep Bump(ChannelState.ClosingOnChain state, ClaimPricing? pricing, IChannelSigner signer)
    {
        if (!state.Close.ClaimDue || state.Close.Fees is null)
        {
            return ChannelStep.Unchanged(state);
        }

        try
        {
            var commitments = state.Commitments;
            var classification = FundingSpendClassifier.Classify(commitments, state.Close.SpendingTransaction, signer.GetPerCommitmentPoint(commitments.LocalCommit.Index));
            if (ClaimBumper.Bump(commitments, state.Close, classification, pricing, signer) is not { } bumped)
            {
                return ChannelStep.Unchanged(state);
            }

            return new StepBuilder(state)
                .Store(state with { Close = bumped })
                .Broadcast(bumped.Claim!, $"{Reason(bumped)}, re-signed at {bumped.Fees!.Feerate} (BIP 125 replacement)")
                .Notify(new ChannelAction.ClaimBumped(bumped.Kind, bumped.Fees.Feerate, bumped.Fees.Fee, bumped.TxIds))
                .Build();
        }
        catch (ChannelException e)
        {
            return new StepBuilder(state).Notify(new ChannelAction.OnChainWarning(e)).Build();
        }
    }

    private static ChannelStep Confirmed(ChannelState.ClosingOnChain state, ChannelInput.TransactionConfirmed confirmed)
    {
        var close = state.Close.Confirmed(confirmed.TxId, confirmed.Depth);
        if (close == state.Close)
        {
            return ChannelStep.Unchanged(state);
        }

        if (close.IrrevocablyResolved)
        {
            return new StepBuilder(state)
                .Store(new ChannelState.Closed(state.Commitments, close))
                .Notify(new ChannelAction.ClosureResolved(close.Kind, close.OurAmount, close.OurOutputs))
                .Build();
        }

        // Stored at every new depth; a claim still unconfirmed is broadcast again each block
        // until it is mined (broadcasting twice is harmless, ITransactionBroadcaster).
        var builder = new StepBuilder(state).Store(state with { Close = close });
        return (close.ClaimDue ? builder.Broadcast(close.Claim!, Reason(close)) : builder).Build();
    }

    /// <summary>The same spend reported again: rebroadcast a claim still due (e.g. after a restart).</summary>
    private static ChannelStep Rebroadcast(ChannelState.ClosingOnChain state) =>
        state.Close.ClaimDue
            ? new StepBuilder(state).Store(state).Broadcast(state.Close.Claim!, Reason(state.Close)).Build()
            : ChannelStep.Unchanged(state);

    private static string Reason(OnChainClose close) => close.Kind == FundingSpendKind.LocalCommitment
        ? "BOLT 5 sweep of our delayed to_local"
        : "BOLT 5 penalty on a revoked commitment";

    /// <summary>
    /// The agreed closing transaction, or one of our earlier <c>closing_signed</c> proposals
    /// the peer broadcast instead: the funding output alone, paying only the closing scripts.
    /// </summary>
    private static bool IsClosing(ChannelState.MutualClose state, Transaction spending) =>
        spending.GetTxId() == state.ClosingTransaction.GetTxId() || IsSameClose(state.ClosingTransaction, spending);

    /// <remarks>
    /// BOLT 3 "Legacy Closing Transaction": "locktime: 0". A commitment's locktime carries
    /// 0x20 in its upper byte, so a peer commitment paying only our static <c>to_remote</c>
    /// (which may also be our shutdown script) is never taken for a closing transaction.
    /// </remarks>
    private static bool IsSameClose(Transaction closing, Transaction spending) =>
        spending.LockTime == 0
        && spending.Inputs.Length == 1
        && closing.Inputs.Length == 1
        && spending.Inputs[0].PrevOut == closing.Inputs[0].PrevOut
        && !spending.Outputs.IsEmpty
        && spending.Outputs.All(o => closing.Outputs.Any(c => c.ScriptPubKey == o.ScriptPubKey));
}
