using Microchannels.Channels.Engine.Closing.Errors;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing;

/// <summary>
/// BOLT 2 "Closing Initiation: shutdown": one side or both asked to close. No new update
/// may be proposed, but the <c>commitment_signed</c> / <c>revoke_and_ack</c> exchange of
/// updates already in flight still runs to completion on <see cref="Commitments"/>.
/// <see cref="LocalScript"/> is the script we close to, decided when we entered this state;
/// <see cref="LocalShutdownSent"/> says whether our <c>shutdown</c> carrying it went out
/// (it waits while we still have updates to sign into the peer's commitment).
/// <see cref="RemoteScript"/> is set once the peer's <c>shutdown</c> arrived.
/// Immutable; a step that throws leaves this instance as it was.
/// </summary>
/// <remarks>
/// The shell, after every step: sends <c>commitment_signed</c> when
/// <see cref="Commitments.CanSendCommit"/>, then our <c>shutdown</c> when
/// <see cref="CanSendShutdown"/>, and starts <see cref="Negotiating"/> when
/// <see cref="ReadyToNegotiate"/>. Each returned state is stored before its message is sent.
/// </remarks>
public sealed partial record ShuttingDown(
    Commitments Commitments,
    ShutdownTerms Terms,
    ByteVector LocalScript,
    bool LocalShutdownSent,
    ByteVector? RemoteScript)
{
    public ChannelId ChannelId => Commitments.ChannelId;

    /// <summary>
    /// True once both <c>shutdown</c> messages are exchanged and the channel is quiet
    /// (BOLT 2 "Legacy Closing Negotiation": "there are no commitments for which a
    /// revocation is owed, and all updates are included on both commitments").
    /// </summary>
    public bool ReadyToNegotiate => LocalShutdownSent && RemoteScript is not null && NoPendingUpdates(Commitments);

    /// <summary>
    /// Our <c>shutdown</c> may go out: not sent yet, and no update of ours or acknowledged
    /// update of theirs waits to be signed into the peer's commitment (BOLT 2: "if there are
    /// updates pending on the receiving node's commitment transaction: MUST NOT send a shutdown").
    /// </summary>
    public bool CanSendShutdown => !LocalShutdownSent && UnsignedForRemote(Commitments) == 0;

    /// <summary>No update anywhere in the exchange and no revocation awaited.</summary>
    public static bool NoPendingUpdates(Commitments commitments)
    {
        ArgumentNullException.ThrowIfNull(commitments);
        return commitments.LocalChanges.IsEmpty && commitments.RemoteChanges.IsEmpty && !commitments.AwaitingRevocation;
    }

    /// <summary>
    /// We start closing: checks <paramref name="localScript"/> and that nothing waits to be
    /// signed for the peer, and returns our <c>shutdown</c>.
    /// </summary>
    /// <exception cref="InvalidShutdownScriptException">Not an allowed form.</exception>
    /// <exception cref="UpfrontShutdownScriptMismatchException">Not our upfront script.</exception>
    /// <exception cref="ShutdownWithPendingUpdatesException">Send <c>commitment_signed</c> first.</exception>
    public static (ShuttingDown State, Shutdown Message) Initiate(Commitments commitments, ByteVector localScript, ShutdownTerms terms)
    {
        var state = Enter(commitments, localScript, terms);
        int pending = UnsignedForRemote(commitments);
        if (pending != 0)
        {
            throw new ShutdownWithPendingUpdatesException(commitments.ChannelId, pending, local: true);
        }

        return state.SendShutdown();
    }

    /// <summary>
    /// The peer's <c>shutdown</c> arrived in normal operation. We will close to
    /// <paramref name="localScript"/>; the reply goes out now if nothing waits to be signed
    /// for the peer, otherwise later through <see cref="SendShutdown"/> (BOLT 2: "once there
    /// are no outstanding updates on the peer ... MUST reply to a shutdown message with a shutdown").
    /// </summary>
    public static (ShuttingDown State, Shutdown? Reply) Receive(Commitments commitments, Shutdown message, ByteVector localScript, ShutdownTerms terms) =>
        Enter(commitments, localScript, terms).ReceiveShutdown(message);

    /// <summary>The peer's <c>shutdown</c>, after ours or as a retransmission.</summary>
    /// <exception cref="InvalidShutdownScriptException">Not an allowed form ("SHOULD send a warning").</exception>
    /// <exception cref="UpfrontShutdownScriptMismatchException">Not its upfront script ("MUST fail the connection").</exception>
    /// <exception cref="ShutdownWithPendingUpdatesException">It still had unsigned updates of its own.</exception>
    /// <exception cref="ShutdownScriptChangedException">A second shutdown with another script.</exception>
    public (ShuttingDown State, Shutdown? Reply) ReceiveShutdown(Shutdown message)
    {
        ArgumentNullException.ThrowIfNull(message);
        CheckChannel(message.ChannelId);
        if (RemoteScript is { } known)
        {
            // BOLT 2 "Message Retransmission": shutdown is sent again after reconnection.
            return known == message.ScriptPubkey ? (this, null) : throw new ShutdownScriptChangedException(ChannelId, known, message.ScriptPubkey);
        }

        ShutdownRules.Validate(ChannelId, message.ScriptPubkey.Span, Terms, local: false);
        if (Terms.RemoteUpfrontScript is { IsEmpty: false } upfront && upfront != message.ScriptPubkey)
        {
            throw new UpfrontShutdownScriptMismatchException(ChannelId, upfront, message.ScriptPubkey, local: false);
        }

        // The sender "MUST NOT send a shutdown" with updates pending on our commitment; its
        // own proposals not yet covered by a commitment_signed would be stranded (as eclair's
        // CannotCloseWithUnsignedOutgoingHtlcs).
        if (!Commitments.RemoteChanges.Proposed.IsEmpty)
        {
            throw new ShutdownWithPendingUpdatesException(ChannelId, Commitments.RemoteChanges.Proposed.Count, local: false);
        }

        var state = this with { RemoteScript = message.ScriptPubkey };
        return state.CanSendShutdown ? state.SendShutdown() : (state, null);
    }

    /// <summary>Our deferred <c>shutdown</c>, once <see cref="CanSendShutdown"/>.</summary>
    public (ShuttingDown State, Shutdown Message) SendShutdown()
    {
        if (LocalShutdownSent)
        {
            throw new InvalidOperationException("BOLT 2: a node MUST NOT send multiple shutdown messages.");
        }

        int pending = UnsignedForRemote(Commitments);
        if (pending != 0)
        {
            throw new ShutdownWithPendingUpdatesException(ChannelId, pending, local: true);
        }

        return (this with { LocalShutdownSent = true }, new Shutdown(ChannelId, LocalScript));
    }

    private static ShuttingDown Enter(Commitments commitments, ByteVector localScript, ShutdownTerms terms)
    {
        ArgumentNullException.ThrowIfNull(commitments);
        ArgumentNullException.ThrowIfNull(terms);
        ShutdownRules.Validate(commitments.ChannelId, localScript.Span, terms, local: true);

        // BOLT 2: "if it sent a non-zero-length shutdown_scriptpubkey in open_channel or
        // accept_channel: MUST send the same value in scriptpubkey".
        if (terms.LocalUpfrontScript is { IsEmpty: false } upfront && upfront != localScript)
        {
            throw new UpfrontShutdownScriptMismatchException(commitments.ChannelId, upfront, localScript, local: true);
        }

        return new ShuttingDown(commitments, terms, localScript, LocalShutdownSent: false, RemoteScript: null);
    }

    /// <summary>Updates the peer's commitment does not hold yet and that we must sign: our proposals and its updates we acknowledged.</summary>
    private static int UnsignedForRemote(Commitments commitments) =>
        commitments.LocalChanges.Proposed.Count + commitments.RemoteChanges.Acked.Count;

    private void CheckChannel(ChannelId received)
    {
        if (received != ChannelId)
        {
            throw new WrongChannelException(ChannelId, received);
        }
    }
}
