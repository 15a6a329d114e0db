using System.Threading.Channels;
using Microchannels.Bitcoin.Chain;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Node;

/// <summary>The runner's part in billing statements (docs/STATEMENTS.md): recording completed payments, offering our signature, accepting the peer's.</summary>
public sealed partial class ChannelRunner
{
    /// <summary>
    /// docs/STATEMENTS.md "When": the statement at close once both signed the closing
    /// transaction; and, on a new connection (after our channel_reestablish went out), our
    /// signatures the peer may not have received.
    /// </summary>
    private async Task AfterStepForStatementsAsync(ChannelInput input)
    {
        var book = Statements!;
        if (_state is ChannelState.MutualClose && !_closeStatementDone)
        {
            _closeStatementDone = true;
            if (book.CloseChannel() is { } atClose)
            {
                await OfferAsync(atClose).ConfigureAwait(false);
            }
        }
        else if (input is ChannelInput.Connected)
        {
            // Ours for every statement still open, and for the last completed ones (the peer may
            // have stored nothing if ours was lost with the connection); duplicates are ignored.
            foreach (var pending in book.Pending.Concat(book.Recent).ToList())
            {
                await OfferAsync(pending).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The readings of completed payments into the book; each period they closed is offered, and early peer signatures applied.</summary>
    private async Task RecordCompletedAsync(ChannelAction.TransfersCompleted done)
    {
        var book = Statements!;
        var readings = (book.AsProvider ? done.Received : done.Sent).Select(t => t.Reading);
        foreach (var statement in book.Append(readings))
        {
            await OfferAsync(statement).ConfigureAwait(false);
        }

        foreach (var early in book.TakeEarly())
        {
            await AcceptStatementSignatureAsync(early).ConfigureAwait(false);
        }
    }

    /// <summary>Our signature to the peer; lost if the connection is down, and offered again on the next one.</summary>
    private async Task OfferAsync(Billing.Statements.BillingStatement statement)
    {
        if (Volatile.Read(ref _peer) is { } attached)
        {
            await SendAsync(attached, Billing.Statements.StatementExchange.Offer(statement, Statements!.AsProvider)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The peer's <c>statement_signature</c>: a valid one completes our statement, which is stored
    /// before the application hears of it; an invalid one is reported and changes nothing.
    /// </summary>
    private async Task AcceptStatementSignatureAsync(StatementSignature theirs)
    {
        if (Statements!.AlreadyCountersigned(theirs) is not null)
        {
            // Sent again after a reconnection; we hold it already (and offered ours again on connecting).
            return;
        }

        Billing.Statements.BillingStatement? countersigned;
        try
        {
            countersigned = Statements!.Accept(theirs);
        }
        catch (Billing.Statements.Errors.StatementException e)
        {
            await _events.Writer.WriteAsync(new ChannelAction.StatementSignatureRefused(e), _stop.Token).ConfigureAwait(false);
            return;
        }

        if (countersigned is null)
        {
            return;
        }

        var key = StatementRecord.KeyOf(countersigned.ChannelId, countersigned.PeriodStart, countersigned.PeriodEnd);
        try
        {
            await _store.SaveAsync(new ChannelRecord(key, 1, StatementRecord.Encode(countersigned)), _stop.Token).ConfigureAwait(false);
        }
        catch (StaleChannelWriteException)
        {
            // Stored before (the peer sent it again after a reconnection): the same statement.
        }

        await _events.Writer.WriteAsync(new ChannelAction.StatementCountersigned(countersigned), _stop.Token).ConfigureAwait(false);
    }
}
