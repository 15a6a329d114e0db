using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Keys;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine;

/// <summary>BOLT 2 "Completing the Transition to the Updated State: revoke_and_ack".</summary>
public sealed partial record Commitments
{
    /// <summary>
    /// The counterparty revokes its previous commitment. We check the secret against the
    /// point that commitment was built at and against the shachain of secrets already
    /// received, keep it (it is what lets us punish a broadcast of that state), and make
    /// the commitment we signed their current one.
    /// </summary>
    public Commitments ReceiveRevocation(RevokeAndAck message)
    {
        ArgumentNullException.ThrowIfNull(message);
        CheckChannel(message.ChannelId);
        if (NextRemoteCommit is null)
        {
            throw new UnexpectedRevocationException(ChannelId);
        }

        // "if per_commitment_secret is not a valid secret key or does not generate the
        // previous per_commitment_point: MUST send an error and fail the channel."
        ulong revoked = RemoteCommit.Index;
        PublicKey point;
        try
        {
            point = KeyDerivation.PerCommitmentPoint(message.PerCommitmentSecret.AsSpan());
        }
        catch (InvalidKeyException)
        {
            throw new InvalidRevocationException(ChannelId, revoked, "the secret is not a valid private key");
        }

        if (!point.Equals(RemoteCommit.PerCommitmentPoint))
        {
            throw new InvalidRevocationException(ChannelId, revoked, "the secret does not generate the commitment's per_commitment_point");
        }

        PerCommitmentSecretStore secrets;
        try
        {
            secrets = RemoteSecrets.Insert(message.PerCommitmentSecret.AsSpan(), CommitmentIndex.FromCommitmentNumber(revoked));
        }
        catch (InvalidPerCommitmentSecretException e)
        {
            throw new InvalidRevocationException(ChannelId, revoked, e.Message);
        }

        if (!PublicKey.TryFromBytes(message.NextPerCommitmentPoint.AsSpan(), out var nextPoint))
        {
            throw new InvalidPerCommitmentPointException(ChannelId, "next_per_commitment_point");
        }

        return this with
        {
            RemoteCommit = NextRemoteCommit.Commit,
            NextRemoteCommit = null,
            RemoteNextPerCommitmentPoint = nextPoint,
            RemoteSecrets = secrets,
            LocalChanges = LocalChanges with { Signed = [], Acked = LocalChanges.Acked.AddRange(LocalChanges.Signed) },
            RemoteChanges = RemoteChanges with { Signed = [] },
        };
    }
}
