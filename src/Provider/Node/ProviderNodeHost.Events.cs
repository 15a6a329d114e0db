using System.Collections.Immutable;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Wire;
using Microchannels.Provider.Api.V1;
using Microchannels.Provider.Journal;
using Microsoft.Extensions.Logging;
using EngineState = Microchannels.Channels.Engine.StateMachine.ChannelState;

namespace Microchannels.Provider.Node;

/// <summary>The node's events as the operator sees them: one log line each, naming channel and meter, and the API's event stream.</summary>
public sealed partial class ProviderNodeHost
{
    private async Task PumpAsync()
    {
        var node = Node;
        await foreach (var notice in node.Events.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                Handle(notice);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogEventFailed(e, notice.ChannelId.ToHex(), notice.PeerNodeId.ToString());
            }
        }
    }

    private void Handle(NodeChannelEvent notice)
    {
        string channel = notice.ChannelId.ToHex();
        string meter = notice.PeerNodeId.ToString();
        var state = _node?.GetState(notice.PeerNodeId);
        switch (notice.Action)
        {
            case ChannelAction.WatchFunding watch:
                // Normally watched already, from the save that stored the outpoint (OnSaved).
                if (_fundings.TryAdd(watch.FundingOutPoint, notice.PeerNodeId))
                {
                    _chain?.WatchChannel(watch.FundingOutPoint);
                }

                LogChannelEvent(channel, meter, $"opened: funding {watch.FundingOutPoint} awaited at depth {watch.MinimumDepth}");
                Publish(notice, state, new ChannelEvent
                {
                    Opened = new ChannelOpened { CapacitySat = state is null ? 0 : ChannelFacts.CapacitySat(state), FundingOutpoint = ChannelFacts.ToProto(watch.FundingOutPoint) },
                });
                break;
            case ChannelAction.ChannelEstablished established:
                LogChannelEvent(channel, meter, $"funding {established.FundingOutPoint} confirmed; channel open");
                Publish(notice, state, new ChannelEvent { FundingConfirmed = new Api.V1.FundingConfirmed { FundingOutpoint = ChannelFacts.ToProto(established.FundingOutPoint) } });
                TellTariff(notice.PeerNodeId);
                break;
            case ChannelAction.PeerConnected:
                LogChannelEvent(channel, meter, "meter connected");
                if (state is not EngineState.Opening)
                {
                    Publish(notice, state, new ChannelEvent { Reestablished = new Reestablished() });
                    TellTariff(notice.PeerNodeId);
                }

                break;
            case ChannelAction.PeerDisconnected:
                LogChannelEvent(channel, meter, "meter disconnected");
                Publish(notice, state, new ChannelEvent { Disconnected = new Disconnected() });
                break;
            case ChannelAction.ClosedOnChain closed:
                OnClosedOnChain(notice, state, closed);
                break;
            case ChannelAction.ClaimBumped bumped:
                // Every version of the claim may be the one mined: watch them all.
                WatchClose(state, bumped.TxIds);
                LogChannelEvent(channel, meter, $"claim re-signed at {bumped.Feerate} (fee {bumped.Fee.Value} sat)");
                break;
            case ChannelAction.ClosureResolved resolved:
                if (resolved.Kind == FundingSpendKind.RevokedRemoteCommitment)
                {
                    LogChannelEvent(channel, meter, $"penalty confirmed: {resolved.OurAmount.Value} sat taken back");
                    Publish(notice, state, new ChannelEvent { PenaltyConfirmed = new PenaltyConfirmed { AmountSat = (ulong)resolved.OurAmount.Value, PenaltyTxid = state is EngineState.Closed { Close.Claim: { } claim } ? claim.GetTxId().ToString() : "" } });
                }

                LogChannelEvent(channel, meter, $"closed: {resolved.Kind}, {resolved.OurAmount.Value} sat settled to us");
                Publish(notice, state, new ChannelEvent { Closed = new Api.V1.Closed { Kind = KindName(resolved.Kind), SettledSat = (ulong)resolved.OurAmount.Value } });
                break;
            case ChannelAction.ChannelFailed { Reason: Channels.Engine.Errors.ForceCloseRequestedException requested }:
                // The operator's own force close: announced as closing when it was stored (OnSaved), not a failure.
                LogChannelEvent(channel, meter, requested.Message);
                break;
            case ChannelAction.ChannelFailed failed:
                LogChannelWarning(channel, meter, $"failed: {failed.Reason.Message}");
                Publish(notice, state, new ChannelEvent { Failed = new Failed { Reason = failed.Reason.Message } });
                break;
            case ChannelAction.BroadcastFailed broadcast:
                LogChannelWarning(channel, meter, $"broadcast of {broadcast.Transaction.GetTxId()} ({broadcast.Reason}) failed: {broadcast.Error}; retried at the next block");
                break;
            case ChannelAction.OnChainWarning warning:
                LogChannelWarning(channel, meter, $"on-chain warning: {warning.Reason.Message}");
                break;
            case ChannelAction.CommandRejected rejected:
                LogChannelWarning(channel, meter, $"command {rejected.Command.GetType().Name} refused: {rejected.Reason.Message}");
                break;
            case ChannelAction.MessageRejected rejected:
                LogChannelWarning(channel, meter, $"message {MessageTypes.NameOf(rejected.Message.Type)} ignored: {rejected.Reason.Message}");
                break;
            case ChannelAction.ForgetChannel:
                LogChannelEvent(channel, meter, "opening forgotten: the funding never confirmed");
                break;
            case ChannelAction.TransfersCompleted:
                // Journaled from the stored state (JournalingChannelStore), counted there.
                break;
            default:
                LogChannelEvent(channel, meter, notice.Action.GetType().Name);
                break;
        }

        _hub.Changed();
    }

    private void WatchClose(EngineState? state, ImmutableArray<TxId> txIds)
    {
        if (state is not null && ChannelFacts.FundingOutPoint(state) is { } funding)
        {
            foreach (var txId in txIds)
            {
                _chain?.WatchTransaction(funding, txId);
            }
        }
    }

    private void OnClosedOnChain(NodeChannelEvent notice, EngineState? state, ChannelAction.ClosedOnChain closed)
    {
        string channel = notice.ChannelId.ToHex();
        string meter = notice.PeerNodeId.ToString();
        WatchClose(state, closed.TxIds);

        string spender = closed.TxIds.Length > 0 ? closed.TxIds[0].ToString() : "";
        if (closed.Kind == FundingSpendKind.RevokedRemoteCommitment)
        {
            string penalty = closed.TxIds.Length > 1 ? closed.TxIds[1].ToString() : "";
            LogChannelWarning(channel, meter, $"breach: the meter broadcast revoked commitment {spender}; penalty {penalty} sent");
            Publish(notice, state, new ChannelEvent { BreachDetected = new BreachDetected { CommitmentTxid = spender, PenaltyTxid = penalty } });
        }

        LogChannelEvent(channel, meter, $"funding spent on chain by {spender} ({closed.Kind}); resolving our outputs");
        if (closed.Kind is FundingSpendKind.MutualClose or FundingSpendKind.LocalCommitment)
        {
            // Closes we made: announced as closing when they were stored (OnSaved); "closed" follows.
            return;
        }

        Publish(notice, state, new ChannelEvent { Closing = new Api.V1.Closing { Kind = closed.Kind == FundingSpendKind.RevokedRemoteCommitment ? "breach" : "remote", ClosingTxid = spender, Reason = $"funding spent by a {KindName(closed.Kind)} transaction" } });
    }

    /// <summary>A stored state replaced another: closes started by us show up here (their transactions are broadcast by the runner).</summary>
    private void OnSaved(StoredChannel? before, StoredChannel after)
    {
        var was = before?.State;
        var now = after.State;

        // Follow the funding from the save that stored its outpoint, before funding_signed goes
        // out (the runner sends after it saves): the meter broadcasts only after that, so no
        // block holding the funding can be read before the watch (the WatchFunding event comes later).
        if (_chain is not null && now is not EngineState.Closed && ChannelFacts.FundingOutPoint(now) is { } funding && _fundings.TryAdd(funding, after.Meter))
        {
            _chain.WatchChannel(funding);
        }

        // The same for every new version of a claim (re-signed at a higher fee): watched from the
        // save that stores it, before the runner broadcasts it (ClaimBumped comes later, and a
        // version mined before its watch applies would never be seen to confirm).
        if (now is EngineState.ClosingOnChain { Close: var close } && close.Claim is { } claim
            && (was is not EngineState.ClosingOnChain { Close.Claim: { } previous } || previous.GetTxId() != claim.GetTxId()))
        {
            WatchClose(now, close.TxIds);
        }

        string channel = now.ChannelId.ToHex();
        string meter = after.Meter.ToString();
        Api.V1.Closing? closing = (was, now) switch
        {
            (not EngineState.ShuttingDown and not EngineState.Negotiating, EngineState.ShuttingDown or EngineState.Negotiating) =>
                new Api.V1.Closing { Kind = "cooperative", Reason = "shutdown exchanged; negotiating the closing fee" },
            (not EngineState.MutualClose, EngineState.MutualClose m) =>
                new Api.V1.Closing { Kind = "cooperative", ClosingTxid = m.ClosingTransaction.GetTxId().ToString(), Reason = "closing transaction signed by both and broadcast" },
            (not EngineState.ForceClosing, EngineState.ForceClosing f) =>
                new Api.V1.Closing { Kind = "force", ClosingTxid = f.Commitment.GetTxId().ToString(), Reason = f.Reason },
            _ => null,
        };

        if (closing is not null)
        {
            LogChannelEvent(channel, meter, $"closing ({closing.Kind}): {closing.Reason} {closing.ClosingTxid}".TrimEnd());
            var channelEvent = new ChannelEvent { Closing = closing };
            Fill(channelEvent, after.Meter, now);
            _hub.Publish(channelEvent);
        }

        _hub.Changed();
    }

    private void Publish(NodeChannelEvent notice, EngineState? state, ChannelEvent channelEvent)
    {
        channelEvent.ChannelId = notice.ChannelId.ToHex();
        channelEvent.MeterNodeId = notice.PeerNodeId.ToString();
        channelEvent.TimeMs = Now;
        channelEvent.State = state is null ? Api.V1.ChannelState.Unspecified : ChannelFacts.StateOf(state);
        _hub.Publish(channelEvent);
    }

    private void Fill(ChannelEvent channelEvent, PublicKey meter, EngineState state)
    {
        channelEvent.ChannelId = state.ChannelId.ToHex();
        channelEvent.MeterNodeId = meter.ToString();
        channelEvent.TimeMs = Now;
        channelEvent.State = ChannelFacts.StateOf(state);
    }

    private static string KindName(FundingSpendKind kind) => kind switch
    {
        FundingSpendKind.MutualClose => "mutual",
        FundingSpendKind.LocalCommitment => "local_commitment",
        FundingSpendKind.RemoteCommitment or FundingSpendKind.PendingRemoteCommitment or FundingSpendKind.FutureRemoteCommitment => "remote_commitment",
        FundingSpendKind.RevokedRemoteCommitment => "revoked_commitment",
        _ => "unknown",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {ChannelId} meter {Meter}: {Event}")]
    private partial void LogChannelEvent(string channelId, string meter, string @event);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {ChannelId} meter {Meter}: {Event}")]
    private partial void LogChannelWarning(string channelId, string meter, string @event);

    [LoggerMessage(Level = LogLevel.Error, Message = "Channel {ChannelId} meter {Meter}: handling its event failed")]
    private partial void LogEventFailed(Exception e, string channelId, string meter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {ChannelId} meter {Meter}: funding spent by {TxId}")]
    private partial void LogFundingSpent(string channelId, string meter, string txId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider node {NodeId} listening for meters on {EndPoint}; {Channels} stored channels resumed")]
    private partial void LogListening(string nodeId, string endPoint, int channels);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer journal: {Count} transfers committed before the last stop were journaled now")]
    private partial void LogReconciled(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider node stopped: every channel saved, every peer closed")]
    private partial void LogStopped();
}
