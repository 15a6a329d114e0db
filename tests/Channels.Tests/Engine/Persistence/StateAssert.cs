using Microchannels.Channels.Engine;

namespace Microchannels.Channels.Tests.Engine.Persistence;

/// <summary>
/// Field-by-field equality of two <see cref="Commitments"/>. The records' own equality
/// would compare <c>ImmutableList</c>s by reference, so each list is compared by content,
/// and the secret store (a class without value equality) by what it holds.
/// </summary>
internal static class StateAssert
{
    public static void Equal(Commitments expected, Commitments actual)
    {
        Assert.Equal(expected.Parameters, actual.Parameters);
        Assert.Equal(expected.LocalCommit, actual.LocalCommit);
        Assert.Equal(expected.RemoteCommit, actual.RemoteCommit);
        Equal(expected.LocalChanges, actual.LocalChanges);
        Equal(expected.RemoteChanges, actual.RemoteChanges);
        Assert.Equal(expected.LocalNextTransferId, actual.LocalNextTransferId);
        Assert.Equal(expected.RemoteNextTransferId, actual.RemoteNextTransferId);
        Assert.Equal(expected.NextRemoteCommit, actual.NextRemoteCommit);
        Assert.Equal(expected.RemoteNextPerCommitmentPoint, actual.RemoteNextPerCommitmentPoint);
        Assert.Equal(expected.RemoteSecrets.LowestIndex, actual.RemoteSecrets.LowestIndex);
        Assert.Equal(expected.RemoteSecrets.StoredEntryCount, actual.RemoteSecrets.StoredEntryCount);
        Assert.Equal(expected.RemoteSecrets.Serialize(), actual.RemoteSecrets.Serialize());
        Assert.Equal(expected.LastLocalReading, actual.LastLocalReading);
        Assert.Equal(expected.LastRemoteReading, actual.LastRemoteReading);
    }

    private static void Equal(ChangeSet expected, ChangeSet actual)
    {
        Equal(expected.Proposed, actual.Proposed);
        Equal(expected.Signed, actual.Signed);
        Equal(expected.Acked, actual.Acked);
    }

    private static void Equal(IReadOnlyList<ChannelUpdate> expected, IReadOnlyList<ChannelUpdate> actual)
    {
        // xunit's collection comparison is slow on long lists; use it only to explain a difference.
        if (!expected.SequenceEqual(actual))
        {
            Assert.Equal(expected, actual);
        }
    }
}
