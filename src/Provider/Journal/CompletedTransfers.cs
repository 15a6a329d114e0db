using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.StateMachine;

namespace Microchannels.Provider.Journal;

/// <summary>
/// Which transfers a durable state change committed irrevocably, read from two consecutive
/// stored states of one channel, by the rule the engine itself uses when it reports
/// <see cref="ChannelAction.TransfersCompleted"/> (NormalPhase, ClosingSteps):
/// <list type="bullet">
/// <item>our remote commitment number grew: the meter revoked its previous commitment
/// (<c>revoke_and_ack</c>), so the meter's transfers we had signed for
/// (<c>RemoteChanges.Signed</c>) are committed on both sides: received;</item>
/// <item>our local commitment number grew: we stored the meter's <c>commitment_signed</c>
/// and will revoke our previous commitment, so our transfers the meter already revoked
/// for (<c>LocalChanges.Acked</c>) are committed on both sides: sent.</item>
/// </list>
/// Deriving it from stored states, not from the engine's event, is what lets the journal
/// survive a crash between the save and the event (the journal entries are prepared before
/// the save and confirmed from the stored state after a restart).
/// </summary>
public static class CompletedTransfers
{
    public static IReadOnlyList<(JournalDirection Direction, TransferUpdate Transfer)> Between(ChannelState? before, ChannelState after)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (before?.CommitmentsOrNull is not { } was || after.CommitmentsOrNull is not { } now || was.ChannelId != now.ChannelId)
        {
            return [];
        }

        var completed = new List<(JournalDirection, TransferUpdate)>();
        if (now.RemoteCommit.Index > was.RemoteCommit.Index)
        {
            completed.AddRange(was.RemoteChanges.Signed.OfType<TransferUpdate>().Select(t => (JournalDirection.Received, t)));
        }

        if (now.LocalCommit.Index > was.LocalCommit.Index)
        {
            completed.AddRange(was.LocalChanges.Acked.OfType<TransferUpdate>().Select(t => (JournalDirection.Sent, t)));
        }

        return completed;
    }

    /// <summary>
    /// The commitment number a stored state must reach for a prepared entry to be committed:
    /// the remote one for received transfers, the local one for sent.
    /// </summary>
    public static ulong Reached(ChannelState state, JournalDirection direction) =>
        state.CommitmentsOrNull is not { } c ? 0 : direction == JournalDirection.Received ? c.RemoteCommit.Index : c.LocalCommit.Index;
}
