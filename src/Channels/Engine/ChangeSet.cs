using System.Collections.Immutable;

namespace Microchannels.Channels.Engine;

/// <summary>
/// One side's updates by how far they have travelled through the
/// <c>commitment_signed</c> / <c>revoke_and_ack</c> exchange (eclair's
/// LocalChanges/RemoteChanges):
/// <list type="bullet">
/// <item><see cref="Proposed"/>: sent or received, not yet covered by any signature;</item>
/// <item><see cref="Signed"/>: covered by a <c>commitment_signed</c> whose revocation is awaited;</item>
/// <item><see cref="Acked"/>: irrevocably committed on one side, awaiting the other.</item>
/// </list>
/// </summary>
public sealed record ChangeSet(ImmutableList<ChannelUpdate> Proposed, ImmutableList<ChannelUpdate> Signed, ImmutableList<ChannelUpdate> Acked)
{
    public static ChangeSet Empty { get; } = new([], [], []);

    public bool IsEmpty => Proposed.IsEmpty && Signed.IsEmpty && Acked.IsEmpty;
}
