using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine;

/// <summary>Proposing and accepting updates: streamed transfers and fee changes.</summary>
public sealed partial record Commitments
{
    /// <summary>
    /// What we can still send: our balance in the counterparty's next commitment
    /// minus the reserve they require of us and, if we opened, the commitment fee.
    /// </summary>
    public MilliSatoshis AvailableToSend
    {
        get
        {
            var spec = CommitmentSpecReducer.Reduce(ChannelId, LatestRemoteCommit.Spec, RemoteChanges.Acked, LocalChanges.Proposed);
            var required = RequiredOfSender(spec, senderIsOpener: Parameters.LocalIsOpener, Parameters.Remote.ChannelReserve);
            return MilliSatoshis.TrySubtract(spec.ToRemote, required, out var available) ? available : MilliSatoshis.Zero;
        }
    }

    /// <summary>Propose a transfer to the counterparty (<c>update_transfer</c>).</summary>
    public (Commitments State, UpdateTransfer Message) SendTransfer(MilliSatoshis amount, SignedMeterReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (amount == MilliSatoshis.Zero || !amount.IsWithinMoneySupply)
        {
            throw new InvalidTransferAmountException(ChannelId, amount, local: true);
        }

        CheckReading(reading, PreviousLocalReading, fromMeter: Parameters.LocalIsOpener, LocalNextTransferId, amount, expectations: null, local: true);
        var update = new TransferUpdate(LocalNextTransferId, amount, reading);

        // BOLT 2 "Adding an HTLC", sender: it must afford the amount in the remote's
        // next commitment while keeping the reserve the remote requires of it.
        var proposed = UpdateListSummary.Append(LocalChanges.Proposed, update);
        CheckSenderKeepsReserve(LatestRemoteCommit.Spec, RemoteChanges.Acked, proposed, amount, Parameters.LocalIsOpener, Parameters.Remote.ChannelReserve, local: true);

        var state = this with
        {
            LocalChanges = LocalChanges with { Proposed = proposed },
            LocalNextTransferId = LocalNextTransferId + 1,
        };
        return (state, new UpdateTransfer(ChannelId, update.Id, amount, reading));
    }

    /// <summary>Accept the counterparty's transfer, or throw the rule it breaks.</summary>
    /// <param name="message">The counterparty's <c>update_transfer</c>.</param>
    /// <param name="expectations">The provider's chain, node id and the meter's previous reading; null where the caller has none (the meter's side).</param>
    public Commitments ReceiveTransfer(UpdateTransfer message, ReadingExpectations? expectations = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        CheckChannel(message.ChannelId);
        if (message.Id != RemoteNextTransferId)
        {
            throw new UnexpectedTransferIdException(ChannelId, RemoteNextTransferId, message.Id);
        }

        if (message.AmountMsat == MilliSatoshis.Zero || !message.AmountMsat.IsWithinMoneySupply)
        {
            throw new InvalidTransferAmountException(ChannelId, message.AmountMsat, local: false);
        }

        CheckReading(message.MeterReading, PreviousRemoteReading, fromMeter: !Parameters.LocalIsOpener, message.Id, message.AmountMsat, expectations, local: false);
        var update = new TransferUpdate(message.Id, message.AmountMsat, message.MeterReading);

        // BOLT 2 "Adding an HTLC", receiver: "receiving an amount_msat that the sending
        // node cannot afford at the current feerate_per_kw (while maintaining its channel
        // reserve and any to_local_anchor and to_remote_anchor costs)": fail the channel
        // (a channel without anchors has no anchor costs). Checked on our next commitment.
        var proposed = UpdateListSummary.Append(RemoteChanges.Proposed, update);
        CheckSenderKeepsReserve(LocalCommit.Spec, LocalChanges.Acked, proposed, message.AmountMsat, !Parameters.LocalIsOpener, Parameters.Local.ChannelReserve, local: false);

        return this with
        {
            RemoteChanges = RemoteChanges with { Proposed = proposed },
            RemoteNextTransferId = RemoteNextTransferId + 1,
        };
    }

    /// <summary>BOLT 2 "Updating Fees": only the opener proposes a new fee rate, within <paramref name="range"/> (default <see cref="UpdateFeeRange.Default"/>).</summary>
    public (Commitments State, UpdateFee Message) SendFee(FeeratePerKw feerate, UpdateFeeRange? range = null)
    {
        if (!Parameters.LocalIsOpener)
        {
            throw new FeeUpdateNotAllowedException(ChannelId, local: true);
        }

        if (feerate < FeeratePerKw.MinimumRelay)
        {
            throw new FeerateTooLowException(ChannelId, feerate, local: true);
        }

        range ??= UpdateFeeRange.Default;
        if (!range.Contains(feerate))
        {
            throw new UpdateFeeOutOfRangeException(ChannelId, feerate, range, local: true);
        }

        var update = new FeeUpdate(feerate);
        var proposed = UpdateListSummary.Append(LocalChanges.Proposed, update);
        CheckSenderKeepsReserve(LatestRemoteCommit.Spec, RemoteChanges.Acked, proposed, MilliSatoshis.Zero, senderIsOpener: true, Parameters.Remote.ChannelReserve, local: true);
        return (this with { LocalChanges = LocalChanges with { Proposed = proposed } }, new UpdateFee(ChannelId, feerate.Value));
    }

    /// <summary>
    /// BOLT 2 "Updating Fees", receiver: "if the sender is not responsible for paying the
    /// Bitcoin fee: MUST send a warning and close the connection, or send an error and
    /// fail the channel"; likewise if it "cannot afford the new fee rate", and if the rate "is
    /// too low for timely processing, OR is unreasonably large" (outside <paramref name="range"/>).
    /// </summary>
    public Commitments ReceiveFee(UpdateFee message, UpdateFeeRange? range = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        CheckChannel(message.ChannelId);
        if (Parameters.LocalIsOpener)
        {
            throw new FeeUpdateNotAllowedException(ChannelId);
        }

        var feerate = new FeeratePerKw(message.FeeratePerKw);
        if (feerate < FeeratePerKw.MinimumRelay)
        {
            throw new FeerateTooLowException(ChannelId, feerate, local: false);
        }

        range ??= UpdateFeeRange.Default;
        if (!range.Contains(feerate))
        {
            throw new UpdateFeeOutOfRangeException(ChannelId, feerate, range, local: false);
        }

        var update = new FeeUpdate(feerate);
        var proposed = UpdateListSummary.Append(RemoteChanges.Proposed, update);
        CheckSenderKeepsReserve(LocalCommit.Spec, LocalChanges.Acked, proposed, MilliSatoshis.Zero, senderIsOpener: true, Parameters.Local.ChannelReserve, local: false);
        return this with { RemoteChanges = RemoteChanges with { Proposed = proposed } };
    }

    /// <summary>The counterparty's newest commitment we signed: the pending one if any.</summary>
    private RemoteCommit LatestRemoteCommit => NextRemoteCommit?.Commit ?? RemoteCommit;

    /// <summary>
    /// Applies the receiver's pending changes (<paramref name="receiverChanges"/>, it owns
    /// <paramref name="receiverSpec"/>) and the sender's (<paramref name="senderChanges"/>,
    /// ending with the new update). The sender must still hold the reserve the receiver
    /// requires plus, if it opened the channel, the commitment fee (BOLT 3 "Fee Payment").
    /// </summary>
    private void CheckSenderKeepsReserve(
        CommitmentSpec receiverSpec,
        IEnumerable<ChannelUpdate> receiverChanges,
        IEnumerable<ChannelUpdate> senderChanges,
        MilliSatoshis amount,
        bool senderIsOpener,
        Satoshis reserve,
        bool local)
    {
        bool fits = CommitmentSpecReducer.TryReduce(receiverSpec, receiverChanges, senderChanges, out var spec);
        var required = RequiredOfSender(spec, senderIsOpener, reserve);
        if (!fits || spec.ToRemote < required)
        {
            var fee = senderIsOpener ? MilliSatoshis.FromSatoshis((ulong)CommitmentWeights.CommitmentFee(spec.Feerate, 0).Value) : MilliSatoshis.Zero;
            var balanceBefore = fits ? spec.ToRemote + amount : receiverSpec.ToRemote;
            throw new InsufficientFundsException(ChannelId, amount, balanceBefore, MilliSatoshis.FromSatoshis((ulong)reserve.Value), fee, local);
        }
    }

    private static MilliSatoshis RequiredOfSender(CommitmentSpec spec, bool senderIsOpener, Satoshis reserve)
    {
        long fee = senderIsOpener ? CommitmentWeights.CommitmentFee(spec.Feerate, 0).Value : 0;
        return MilliSatoshis.FromSatoshis((ulong)(reserve.Value + fee));
    }

    /// <summary>
    /// DESIGN.md decision 6: every transfer carries a reading the meter signed, and
    /// readings only move forward, compared with the previous transfer from the same
    /// side. A payment from the meter must bring a strictly newer reading (the same
    /// energy is never paid twice); a refund from the provider may cite its previous
    /// reading again but never an older one.
    /// </summary>
    private void CheckReading(SignedMeterReading signed, MeterReading? previousFromSameSide, bool fromMeter, ulong transferId, MilliSatoshis amount, ReadingExpectations? expectations, bool local)
    {
        var reading = signed.Reading;
        bool valid;
        try
        {
            valid = Parameters.MeterReadingKey.Verify(reading.SigningHash().AsSpan(), EcdsaSignature.FromCompact(signed.Signature.AsSpan()));
        }
        catch (InvalidSignatureException)
        {
            valid = false;
        }

        if (!valid)
        {
            throw new InvalidMeterReadingSignatureException(ChannelId, reading, local);
        }

        if (previousFromSameSide is { } previous)
        {
            bool backwards = reading.CumulativeWh < previous.CumulativeWh
                || reading.PulseCount < previous.PulseCount
                || reading.Timestamp < previous.Timestamp
                || (fromMeter && reading.Timestamp == previous.Timestamp);
            if (backwards)
            {
                throw new MeterReadingWentBackwardsException(ChannelId, previous, reading, local);
            }
        }

        CheckBinding(reading, previousFromSameSide, fromMeter, transferId, amount, expectations, local);
    }

    /// <summary>
    /// docs/PROTOCOL.md, "The signed reading, version 2": the reading must name this
    /// channel, the provider's chain and node id, and, when the meter pays with it,
    /// this transfer's id and amount and the meter's previous reading. A refund from
    /// the provider cites the meter's latest reading, whose transfer, amount and
    /// predecessor are the meter's payment's, so only the first three apply to it.
    /// </summary>
    private void CheckBinding(MeterReading reading, MeterReading? previous, bool fromMeter, ulong transferId, MilliSatoshis amount, ReadingExpectations? expectations, bool local)
    {
        if (reading.Binding is not { } binding)
        {
            if (expectations is { AcceptVersion1: false })
            {
                throw new ReadingVersionRefusedException(ChannelId, reading.Version, local);
            }

            return;
        }

        if (binding.ChannelId != ChannelId)
        {
            throw new ReadingChannelMismatchException(ChannelId, binding.ChannelId, local);
        }

        if (expectations is not null && binding.ChainHash != expectations.ChainHash)
        {
            throw new ReadingChainMismatchException(ChannelId, expectations.ChainHash, binding.ChainHash, local);
        }

        if (expectations is not null && binding.ProviderNodeId != expectations.ProviderNodeId)
        {
            throw new ReadingProviderMismatchException(ChannelId, expectations.ProviderNodeId, binding.ProviderNodeId, local);
        }

        if (!fromMeter)
        {
            return;
        }

        if (binding.TransferId != transferId)
        {
            throw new ReadingTransferIdMismatchException(ChannelId, transferId, binding.TransferId, local);
        }

        if (binding.AmountMsat != amount)
        {
            throw new ReadingAmountMismatchException(ChannelId, amount, binding.AmountMsat, local);
        }

        // The chain within the channel comes from the meter's previous reading here;
        // across channels, from the node's records (expectations).
        var expectedPrevious = previous is { Version: 2 } v2 ? v2.SigningHash() : previous is null ? expectations?.FirstPredecessor : null;
        if (expectedPrevious is not null && binding.PreviousReadingHash != expectedPrevious)
        {
            throw new ReadingPredecessorMismatchException(ChannelId, expectedPrevious, binding.PreviousReadingHash, local);
        }
    }

    private void CheckChannel(ChannelId received)
    {
        if (received != ChannelId)
        {
            throw new WrongChannelException(ChannelId, received);
        }
    }
}
