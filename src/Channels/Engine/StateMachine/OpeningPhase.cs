using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.Opening.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>
/// BOLT 2 "Channel Establishment v1" as state-machine steps over the pure transitions in
/// <c>Engine/Opening</c>. What is stored when (DESIGN.md decision 4):
/// <list type="bullet">
/// <item>nothing before commitment 0 is signed both ways (BOLT 2 "Message Retransmission":
/// a funder that has not broadcast and a fundee that has not sent <c>funding_signed</c>
/// "SHOULD NOT remember the channel"), so a disconnection then abandons the opening;</item>
/// <item>the accepter stores before sending <c>funding_signed</c>, the opener before
/// broadcasting the funding transaction, and both before sending <c>channel_ready</c>.</item>
/// </list>
/// </summary>
internal static partial class OpeningPhase
{
    public static ChannelStep Handle(ChannelState.Opening state, ChannelInput input, IChannelSigner signer)
    {
        try
        {
            return input switch
            {
                ChannelInput.Connected => Connect(state, signer),
                ChannelInput.Disconnected => Disconnect(state),
                ChannelInput.PeerMessage { Message: var message } => Receive(state, message, signer),
                ChannelInput.FundingTransactionCreated created => FundingTransactionCreated(state, created, signer),
                ChannelInput.FundingConfirmed confirmed => FundingConfirmed(state, confirmed, signer),
                ChannelInput.BlockConnected block => BlockConnected(state, block),
                ChannelInput.FundingSpent spent when Unopened(state) is { } commitments => OnChainPhase.FundingSpent(state, commitments, spent, signer),
                ChannelInput.ForceClose command => Fail(state, new ForceCloseRequestedException(state.ChannelId, command.Reason), signer, sendError: false),
                ChannelInput.SendTransfer or ChannelInput.UpdateFee or ChannelInput.CooperativeClose => new StepBuilder(state)
                    .Notify(new ChannelAction.CommandRejected(input, new UnexpectedMessageException(state.ChannelId, input.GetType().Name, "opening")))
                    .Build(),
                _ => ChannelStep.Unchanged(state),
            };
        }
        catch (ChannelException e)
        {
            // Nothing the failed transition computed is kept (states are immutable). An
            // opening cannot go on past a broken rule, ours or the peer's.
            return Fail(state, e, signer, sendError: true);
        }
    }

    /// <summary>
    /// First connection of an unstored opening: send the message that starts it. A stored
    /// one reestablishes (BOLT 2: "MUST transmit channel_reestablish for each channel"),
    /// with commitment numbers 1 and 0 as nothing was updated yet.
    /// </summary>
    private static ChannelStep Connect(ChannelState.Opening state, IChannelSigner signer)
    {
        if (!state.IsDurable)
        {
            return state.Pending is { } pending && state.Connection == ConnectionPhase.Disconnected
                ? new StepBuilder(state).Using(state with { Connection = ConnectionPhase.Connected, Pending = null }).Send(pending).Build()
                : ChannelStep.Unchanged(state);
        }

        var reestablish = new ChannelReestablish(state.ChannelId, 1, 0, Secret.Zero, new Point(signer.GetPerCommitmentPoint(0).AsSpan()));
        return new StepBuilder(state).Using(state with { Connection = ConnectionPhase.AwaitingReestablish }).Send(reestablish).Build();
    }

    private static ChannelStep Disconnect(ChannelState.Opening state) =>
        state.IsDurable
            ? ChannelStep.Unchanged(state with { Connection = ConnectionPhase.Disconnected })
            : Abort(state, new DisconnectedDuringOpeningException(state.ChannelId, state.Phase.GetType().Name), sendError: false);

    private static ChannelStep Receive(ChannelState.Opening state, LightningMessage message, IChannelSigner signer)
    {
        if (message is Error error)
        {
            // Before funding_signed the peer names the temporary id; after it, either may still arrive.
            bool concerns = ConnectionGate.Concerns(error, state.ChannelId) || error.ChannelId == state.Phase.SettledTerms?.TemporaryChannelId;
            return concerns
                ? Fail(state, new PeerReportedErrorException(state.ChannelId, error.Data.ToArray()), signer, sendError: false)
                : ChannelStep.Unchanged(state);
        }

        switch (state.Connection)
        {
            case ConnectionPhase.Disconnected:
                return ConnectionGate.Reject(state, message, "disconnected");
            case ConnectionPhase.AwaitingReestablish:
                return message is ChannelReestablish reestablish
                    ? Reestablish(state, reestablish, signer)
                    : ConnectionGate.Reject(state, message, "awaiting channel_reestablish");
        }

        var builder = new StepBuilder(state);
        switch (state.Phase, message)
        {
            case (AwaitingAcceptChannel phase, AcceptChannel accept):
                // The terms are settled: the wallet builds the funding transaction next.
                var terms = phase.ReceiveAcceptChannel(accept, state.Policy ?? ChannelAcceptancePolicy.Default);
                builder.Using(state with { Phase = terms })
                    .Notify(new ChannelAction.CreateFundingTransaction(terms.FundingScriptPubKey, terms.FundingAmount, terms.Terms.Feerate));
                break;
            case (AwaitingFundingCreated phase, FundingCreated created):
                // Stored before funding_signed: from then on the opener can broadcast.
                var (confirming, signed) = phase.ReceiveFundingCreated(created, signer);
                builder.Store(state with { Phase = confirming })
                    .Send(signed)
                    .Notify(new ChannelAction.WatchFunding(confirming.FundingOutPoint, confirming.RequiredDepth));
                break;
            case (AwaitingFundingSigned phase, FundingSigned fundingSigned):
                // BOLT 2 "on receipt of a valid funding_signed: SHOULD broadcast the funding
                // transaction"; stored first so a restart still knows the channel.
                var waiting = phase.ReceiveFundingSigned(fundingSigned, signer);
                // The watch is asked for before the broadcast, so no confirmation can be missed.
                builder.Store(state with { Phase = waiting })
                    .Notify(new ChannelAction.WatchFunding(waiting.FundingOutPoint, waiting.RequiredDepth))
                    .Broadcast(state.FundingTransaction!, "funding");
                break;
            case (AwaitingFundingConfirmed phase, ChannelReady early):
                // Kept in memory only: after a restart the peer retransmits it (BOLT 2,
                // "next_commitment_number is 1 in both": "MUST retransmit channel_ready").
                builder.Using(state with { Phase = phase.ReceiveChannelReady(early) });
                break;
            case (AwaitingChannelReady phase, ChannelReady ready):
                var commitments = phase.ReceiveChannelReady(ready);
                builder.Store(new ChannelState.Normal(commitments, ConnectionPhase.Connected, []))
                    .Notify(new ChannelAction.ChannelEstablished(commitments.ChannelId, phase.FundingOutPoint));
                break;
            default:
                return ConnectionGate.Reject(state, message, $"opening ({state.Phase.GetType().Name})");
        }

        return builder.Build();
    }

    /// <summary>
    /// Opener: the wallet's transaction must pay the funding output exactly once, from
    /// segwit inputs only; we then sign the accepter's commitment 0 (not stored: BOLT 2
    /// asks the funder to remember the channel only once it has broadcast).
    /// </summary>
    private static ChannelStep FundingTransactionCreated(ChannelState.Opening state, ChannelInput.FundingTransactionCreated created, IChannelSigner signer)
    {
        var transaction = created.Transaction;
        if (state.Phase is not AwaitingFundingTransaction phase)
        {
            // Not ours to use (the opening moved on or was abandoned while the wallet worked):
            // the wallet gets its coins back.
            return new StepBuilder(state)
                .Notify(new ChannelAction.ReleaseFundingTransaction(transaction))
                .Notify(new ChannelAction.CommandRejected(created, new UnexpectedMessageException(state.ChannelId, "funding transaction", state.Phase.GetType().Name)))
                .Build();
        }

        var expected = phase.Terms.FundingOutput;
        var matches = transaction.Outputs.Select((output, index) => (output, index)).Where(o => o.output == expected).ToList();
        string? unusable = matches.Count != 1
            ? $"{matches.Count} outputs pay {expected.Value} to the funding script; exactly one must"
            : transaction.Inputs.Length == 0 || transaction.Inputs.Any(input => input.Witness.IsEmpty || !input.ScriptSig.IsEmpty)
                ? "an input is not native segwit, so the txid could be malleated"
                : null;
        if (unusable is not null)
        {
            // Abandoned, with the wallet's coins released: it built something we cannot sign for.
            return Abort(state with { FundingTransaction = transaction }, new FundingTransactionMismatchException(state.ChannelId, unusable), sendError: true);
        }

        var (signing, message) = phase.FundingTransactionCreated(new OutPoint(transaction.GetTxId(), (uint)matches[0].index), signer);
        return new StepBuilder(state).Using(state with { Phase = signing, FundingTransaction = transaction }).Send(message).Build();
    }

    /// <summary>
    /// BOLT 2 "The channel_ready Message": at <c>minimum_depth</c> send <c>channel_ready</c>
    /// with our point for commitment 1, after storing that we did. While reconnecting it
    /// is not sent now: the reestablish that follows retransmits it.
    /// </summary>
    private static ChannelStep FundingConfirmed(ChannelState.Opening state, ChannelInput.FundingConfirmed confirmed, IChannelSigner signer)
    {
        if (state.Phase is not AwaitingFundingConfirmed phase)
        {
            // Later depth reports change nothing.
            return ChannelStep.Unchanged(state);
        }

        var outPoint = phase.FundingOutPoint;
        var transaction = confirmed.FundingTransaction;
        if (transaction.GetTxId() != outPoint.TxId || outPoint.Index >= transaction.Outputs.Length)
        {
            return new StepBuilder(state)
                .Notify(new ChannelAction.CommandRejected(confirmed, new FundingTransactionMismatchException(state.ChannelId, $"the confirmed transaction {transaction.GetTxId()} is not the funding {outPoint}")))
                .Build();
        }

        var (next, ready) = phase.FundingConfirmed(transaction.Outputs[(int)outPoint.Index], confirmed.Depth, signer);
        if (ready is null)
        {
            // In the chain but not yet deep enough: the funding was seen, so the fundee's
            // 2016-block wait starts again from the next block (BOLT 2 forgets only a funding
            // it "does not see").
            return confirmed.Depth > 0 && state.WaitingSinceHeight is not null
                ? new StepBuilder(state).Store(state with { WaitingSinceHeight = null }).Build()
                : ChannelStep.Unchanged(state);
        }

        var builder = new StepBuilder(state);
        if (next is ChannelOpened opened)
        {
            builder.Store(new ChannelState.Normal(opened.Commitments, state.Connection, []));
        }
        else
        {
            builder.Store(state with { Phase = next, FundingTransaction = null });
        }

        if (state.Connection == ConnectionPhase.Connected)
        {
            builder.Send(ready);
        }

        if (next is ChannelOpened open)
        {
            builder.Notify(new ChannelAction.ChannelEstablished(open.ChannelId, outPoint));
        }

        return builder.Build();
    }

    /// <summary>
    /// BOLT 2 "Message Retransmission" before any update: both sides must expect
    /// commitment 1 and revocation 0 with an all-zero secret. Then, "if
    /// next_commitment_number is 1 in both": "MUST retransmit channel_ready" if we sent
    /// it. The opener also broadcasts the funding again: a crash may have come between
    /// storing and broadcasting.
    /// </summary>
    private static ChannelStep Reestablish(ChannelState.Opening state, ChannelReestablish message, IChannelSigner signer)
    {
        if (message.NextCommitmentNumber != 1)
        {
            throw new ReestablishMismatchException(state.ChannelId, "next_commitment_number", 1, message.NextCommitmentNumber);
        }

        if (message.NextRevocationNumber != 0)
        {
            throw new ReestablishMismatchException(state.ChannelId, "next_revocation_number", 0, message.NextRevocationNumber);
        }

        // "if next_revocation_number equals 0: MUST set your_last_per_commitment_secret to all zeroes".
        if (!message.YourLastPerCommitmentSecret.IsZero)
        {
            throw new InvalidReestablishSecretException(state.ChannelId, 0);
        }

        var builder = new StepBuilder(state).Using(state with { Connection = ConnectionPhase.Connected });
        if (state.Phase is AwaitingChannelReady)
        {
            builder.Send(new ChannelReady(state.ChannelId, new Point(signer.GetPerCommitmentPoint(1).AsSpan())));
        }

        if (state.FundingTransaction is { } funding)
        {
            builder.Broadcast(funding, "funding (again after reconnection)");
        }

        return builder.Build();
    }
}
