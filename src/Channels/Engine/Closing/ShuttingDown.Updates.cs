using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Closing.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing;

/// <summary>
/// Updates while shutting down: new ones are refused, the exchange in flight completes
/// on <see cref="Commitments"/> (which keeps every rule of normal operation).
/// </summary>
public sealed partial record ShuttingDown
{
    /// <summary>BOLT 2: "MUST NOT send an update_add_htlc after a shutdown" — our transfers are its analogue.</summary>
    /// <exception cref="ChannelShuttingDownException">Always: the command is refused.</exception>
    public (ShuttingDown State, UpdateTransfer Message) SendTransfer(MilliSatoshis amount, SignedMeterReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        throw new ChannelShuttingDownException(ChannelId, $"update_transfer of {amount}", local: true);
    }

    /// <summary>
    /// No <c>update_fee</c> from us once closing: the rationale allows one only to speed up
    /// pending HTLCs, and our channels carry none.
    /// </summary>
    /// <exception cref="ChannelShuttingDownException">Always: the command is refused.</exception>
    public (ShuttingDown State, UpdateFee Message) SendFee(FeeratePerKw feerate) =>
        throw new ChannelShuttingDownException(ChannelId, $"update_fee to {feerate}", local: true);

    /// <summary>
    /// A transfer the peer sent before it saw our <c>shutdown</c> is a normal update; one
    /// sent after its own <c>shutdown</c> breaks "MUST NOT send an update_add_htlc after a shutdown".
    /// </summary>
    public ShuttingDown ReceiveTransfer(UpdateTransfer message, ReadingExpectations? expectations = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (RemoteScript is not null)
        {
            throw new ChannelShuttingDownException(ChannelId, "update_transfer", local: false);
        }

        return this with { Commitments = Commitments.ReceiveTransfer(message, expectations) };
    }

    /// <summary>
    /// BOLT 2: "if no HTLCs remain in either commitment transaction ... and neither side has
    /// a pending revoke_and_ack to send: MUST NOT send any update message after that point."
    /// We never hold a revoke_and_ack back; the peer owes one while we await revocation.
    /// One that may still come is held to the channel's <paramref name="range"/> like any other
    /// (BOLT 2 "too low for timely processing, OR is unreasonably large").
    /// </summary>
    public ShuttingDown ReceiveFee(UpdateFee message, UpdateFeeRange? range = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (RemoteScript is not null && !Commitments.AwaitingRevocation)
        {
            throw new ChannelShuttingDownException(ChannelId, "update_fee", local: false);
        }

        return this with { Commitments = Commitments.ReceiveFee(message, range) };
    }

    /// <summary>Sign what is still in flight (see <see cref="Commitments.SendCommit"/>); then check <see cref="CanSendShutdown"/>.</summary>
    public (ShuttingDown State, CommitmentSigned Message) SendCommit(IChannelSigner signer)
    {
        var (commitments, message) = Commitments.SendCommit(signer);
        return (this with { Commitments = commitments }, message);
    }

    /// <summary>See <see cref="Commitments.ReceiveCommit"/>.</summary>
    public (ShuttingDown State, RevokeAndAck Message) ReceiveCommit(CommitmentSigned message, IChannelSigner signer)
    {
        var (commitments, reply) = Commitments.ReceiveCommit(message, signer);
        return (this with { Commitments = commitments }, reply);
    }

    /// <summary>See <see cref="Commitments.ReceiveRevocation"/>.</summary>
    public ShuttingDown ReceiveRevocation(RevokeAndAck message) =>
        this with { Commitments = Commitments.ReceiveRevocation(message) };
}
