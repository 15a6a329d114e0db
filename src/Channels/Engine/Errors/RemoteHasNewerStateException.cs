using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>The peer proves (with our own revealed secret) that it holds a newer state than ours: we lost data, for example by restoring an old backup. BOLT 2: "MUST NOT broadcast its commitment transaction" and "SHOULD send an error to request the peer to fail the channel"; our funds come back through the peer's commitment (static to_remote).</summary>
public sealed class RemoteHasNewerStateException : ChannelException
{
    public RemoteHasNewerStateException(ChannelId channelId, ulong ourLocalCommitNumber, ulong theirNextRevocationNumber)
        : base(channelId, $"The peer expects revocation {theirNextRevocationNumber} but our latest commitment is {ourLocalCommitNumber}: our state is old. Do not broadcast it.")
    {
        OurLocalCommitNumber = ourLocalCommitNumber;
        TheirNextRevocationNumber = theirNextRevocationNumber;
    }

    public ulong OurLocalCommitNumber { get; }

    public ulong TheirNextRevocationNumber { get; }

    /// <summary>Broadcasting our commitment now would publish a revoked state and forfeit the channel.</summary>
    public static bool MustNotBroadcast => true;
}
