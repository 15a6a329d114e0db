using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine;

/// <summary>
/// A misbehaving peer, one rule at a time. Each bad input gets its own typed error,
/// and the state we hold afterwards is the one we held before: the exchange then
/// completes normally from it.
/// </summary>
public class AdversarialPeerTests
{
    [Fact]
    public void Bad_commitment_signature_is_rejected()
    {
        using var pair = new ChannelPair();
        pair.MeterPays(1_000);
        pair.DeliverToProvider();
        pair.MeterSigns();
        var commit = (CommitmentSigned)pair.TakeToProvider();
        var before = pair.Provider;

        var error = Assert.Throws<InvalidCommitmentSignatureException>(() => pair.Provider.ReceiveCommit(commit with { Signature = Signatures.FlipBit(commit.Signature) }, pair.ProviderSigner));
        Assert.Equal(1UL, error.CommitmentNumber);
        Assert.True(error.FailsChannel);
        AssertUnchangedAndStillWorks(pair, before, commit);
    }

    [Fact]
    public void High_s_commitment_signature_is_rejected()
    {
        using var pair = new ChannelPair();
        pair.MeterPays(1_000);
        pair.DeliverToProvider();
        pair.MeterSigns();
        var commit = (CommitmentSigned)pair.TakeToProvider();
        var before = pair.Provider;

        // s -> n - s: the same signature, malleated to high-S (BOLT 2 LOW-S rule).
        Assert.Throws<InvalidCommitmentSignatureException>(() => pair.Provider.ReceiveCommit(commit with { Signature = Signatures.HighS(commit.Signature) }, pair.ProviderSigner));
        AssertUnchangedAndStillWorks(pair, before, commit);
    }

    [Fact]
    public void Signature_for_the_wrong_commitment_number_is_rejected()
    {
        using var pair = new ChannelPair();
        pair.MeterPays(1_000);
        pair.Settle();

        // Replay the signature of commitment 1 against commitment 2.
        pair.MeterPays(2_000);
        pair.DeliverToProvider();
        pair.MeterSigns();
        var fresh = (CommitmentSigned)pair.TakeToProvider();
        var stale = StaleSignatureFor(pair);
        var before = pair.Provider;
        var error = Assert.Throws<InvalidCommitmentSignatureException>(() => pair.Provider.ReceiveCommit(fresh with { Signature = stale }, pair.ProviderSigner));
        Assert.Equal(2UL, error.CommitmentNumber);
        AssertUnchangedAndStillWorks(pair, before, fresh);
    }

    [Fact]
    public void Transfer_over_the_balance_is_rejected_on_both_sides()
    {
        using var pair = new ChannelPair(meterInitialMsat: 100_000_000);
        var available = pair.Meter.AvailableToSend;

        // Our own command: refused, the channel is fine.
        var local = Assert.Throws<InsufficientFundsException>(() => pair.Meter.SendTransfer(available + new MilliSatoshis(1), pair.NextReading()));
        Assert.False(local.FailsChannel);

        // A peer that sends it anyway: the receiver fails the channel.
        var provider = pair.Provider;
        var forged = new UpdateTransfer(pair.Meter.ChannelId, 0, available + new MilliSatoshis(1), pair.NextReading());
        var remote = Assert.Throws<InsufficientFundsException>(() => provider.ReceiveTransfer(forged));
        Assert.True(remote.FailsChannel);
        Assert.Same(provider, pair.Provider);
        Assert.Equal(0UL, pair.Provider.RemoteNextTransferId);

        pair.MeterPays(available.Value);
        pair.Settle();
        Assert.Equal(new MilliSatoshis(100_000_000) - available, pair.Provider.LocalCommit.Spec.ToRemote);
    }

    [Fact]
    public void Transfer_larger_than_the_whole_balance_is_rejected_without_underflow()
    {
        using var pair = new ChannelPair(meterInitialMsat: 100_000_000);
        var provider = pair.Provider;
        var forged = new UpdateTransfer(pair.Meter.ChannelId, 0, new MilliSatoshis(MilliSatoshis.MaxMoney), pair.NextReading());
        var remote = Assert.Throws<InsufficientFundsException>(() => provider.ReceiveTransfer(forged));
        Assert.True(remote.FailsChannel);
        Assert.Equal(new MilliSatoshis(100_000_000), remote.Balance);
        Assert.Same(provider, pair.Provider);

        var local = Assert.Throws<InsufficientFundsException>(() => pair.Meter.SendTransfer(new MilliSatoshis(MilliSatoshis.MaxMoney), pair.NextReading()));
        Assert.False(local.FailsChannel);
    }

    [Fact]
    public void Transfer_that_breaks_the_reserve_is_rejected()
    {
        // The provider starts with 50,000 sat and must keep the meter's 10,000 sat reserve;
        // it does not pay the fee (the meter opened).
        using var pair = new ChannelPair(meterInitialMsat: 950_000_000, reserve: 10_000);
        var error = Assert.Throws<InsufficientFundsException>(() => pair.Provider.SendTransfer(new MilliSatoshis(40_000_001), pair.NextReading()));
        Assert.Equal(new MilliSatoshis(10_000_000), error.Reserve);
        Assert.Equal(MilliSatoshis.Zero, error.Fee);
        pair.ProviderRefunds(40_000_000);
        pair.Settle();
        Assert.Equal(new MilliSatoshis(10_000_000), pair.Provider.LocalCommit.Spec.ToLocal);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(MilliSatoshis.MaxMoney + 1)]
    [InlineData(ulong.MaxValue)]
    public void Zero_or_overflowing_amount_is_rejected(ulong amount)
    {
        using var pair = new ChannelPair();
        var provider = pair.Provider;
        var forged = new UpdateTransfer(pair.Meter.ChannelId, 0, new MilliSatoshis(amount), pair.NextReading());
        var error = Assert.Throws<InvalidTransferAmountException>(() => provider.ReceiveTransfer(forged));
        Assert.Equal(new MilliSatoshis(amount), error.Amount);
        Assert.Same(provider, pair.Provider);
        Assert.Throws<InvalidTransferAmountException>(() => pair.Meter.SendTransfer(new MilliSatoshis(amount), pair.NextReading()));
    }

    [Fact]
    public void Replayed_transfer_is_rejected()
    {
        using var pair = new ChannelPair();
        pair.MeterPays(1_000);
        var transfer = (UpdateTransfer)pair.PeekToProvider();
        pair.DeliverToProvider();
        var before = pair.Provider;
        var error = Assert.Throws<UnexpectedTransferIdException>(() => pair.Provider.ReceiveTransfer(transfer));
        Assert.Equal(1UL, error.Expected);
        Assert.Equal(0UL, error.Actual);
        Assert.Same(before, pair.Provider);
    }

    [Fact]
    public void Replayed_revocation_is_rejected()
    {
        using var pair = new ChannelPair();
        pair.MeterPays(1_000);
        pair.DeliverToProvider();
        pair.MeterSigns();
        pair.DeliverToProvider();
        var revocation = (RevokeAndAck)pair.PeekToMeter();
        pair.DeliverToMeter();
        var before = pair.Meter;
        Assert.Throws<UnexpectedRevocationException>(() => pair.Meter.ReceiveRevocation(revocation));
        Assert.Same(before, pair.Meter);
        pair.Settle();
        Assert.Equal(pair.Meter.LocalCommit.Spec, pair.Provider.RemoteCommit.Spec);
    }

    [Fact]
    public void Revocation_secret_that_does_not_match_the_point_is_rejected()
    {
        using var pair = new ChannelPair();
        pair.MeterPays(1_000);
        pair.DeliverToProvider();
        pair.MeterSigns();
        pair.DeliverToProvider();
        var revocation = (RevokeAndAck)pair.TakeToMeter();
        var before = pair.Meter;

        var wrong = revocation with { PerCommitmentSecret = new Secret(Hashes.Sha256("not the secret"u8)) };
        var error = Assert.Throws<InvalidRevocationException>(() => pair.Meter.ReceiveRevocation(wrong));
        Assert.Equal(0UL, error.CommitmentNumber);

        var zero = revocation with { PerCommitmentSecret = Secret.Zero };
        Assert.Throws<InvalidRevocationException>(() => pair.Meter.ReceiveRevocation(zero));

        var badPoint = revocation with { NextPerCommitmentPoint = new Point(new byte[33]) };
        Assert.Throws<InvalidPerCommitmentPointException>(() => pair.Meter.ReceiveRevocation(badPoint));

        Assert.Same(before, pair.Meter);
        pair.Meter = pair.Meter.ReceiveRevocation(revocation);
        Assert.False(pair.Meter.AwaitingRevocation);
    }

    [Fact]
    public void Reading_that_goes_backwards_is_rejected()
    {
        using var pair = new ChannelPair();
        pair.MeterPays(1_000);
        pair.DeliverToProvider();
        var last = pair.LatestReading!.Reading;
        var provider = pair.Provider;

        MeterReading[] backwards =
        [
            last with { CumulativeWh = last.CumulativeWh - 1, Timestamp = last.Timestamp + 5 },
            last with { PulseCount = last.PulseCount - 1, Timestamp = last.Timestamp + 5 },
            last with { Timestamp = last.Timestamp - 1 },
            last, // the same reading again: the same energy paid twice
        ];
        foreach (var reading in backwards)
        {
            var forged = new UpdateTransfer(pair.Meter.ChannelId, 1, new MilliSatoshis(1_000), pair.Sign(reading));
            var error = Assert.Throws<MeterReadingWentBackwardsException>(() => provider.ReceiveTransfer(forged));
            Assert.Equal(last, error.Previous);
            Assert.True(error.FailsChannel);
        }

        // Our own command with a stale reading is refused without failing the channel.
        var local = Assert.Throws<MeterReadingWentBackwardsException>(() => pair.Meter.SendTransfer(new MilliSatoshis(1_000), pair.Sign(last)));
        Assert.False(local.FailsChannel);

        Assert.Same(provider, pair.Provider);
    }

    [Fact]
    public void Reading_with_a_bad_meter_signature_is_rejected()
    {
        using var pair = new ChannelPair();
        var reading = pair.NextReading();
        using var impostor = PrivateKey.FromBytes(Hashes.Sha256("impostor"u8));
        var forgedSignature = new CompactSignature(impostor.Sign(reading.Reading.SigningHash().AsSpan()).ToCompact());
        var provider = pair.Provider;

        var error = Assert.Throws<InvalidMeterReadingSignatureException>(() =>
            provider.ReceiveTransfer(new UpdateTransfer(pair.Meter.ChannelId, 0, new MilliSatoshis(1_000), reading with { Signature = forgedSignature })));
        Assert.Equal(reading.Reading, error.Reading);

        // A signature that is not even a valid scalar pair.
        Assert.Throws<InvalidMeterReadingSignatureException>(() =>
            provider.ReceiveTransfer(new UpdateTransfer(pair.Meter.ChannelId, 0, new MilliSatoshis(1_000), reading with { Signature = new CompactSignature(Enumerable.Repeat((byte)0xff, 64).ToArray()) })));

        // The reading's signature covers its fields: changing one breaks it.
        var tampered = new SignedMeterReading(reading.Reading with { CumulativeWh = reading.Reading.CumulativeWh + 100 }, reading.Signature);
        Assert.Throws<InvalidMeterReadingSignatureException>(() =>
            provider.ReceiveTransfer(new UpdateTransfer(pair.Meter.ChannelId, 0, new MilliSatoshis(1_000), tampered)));
        Assert.Same(provider, pair.Provider);
    }

    [Fact]
    public void Messages_in_the_wrong_state_are_rejected()
    {
        using var pair = new ChannelPair();
        var meter = pair.Meter;
        var provider = pair.Provider;

        // revoke_and_ack when nothing awaits one.
        Assert.Throws<UnexpectedRevocationException>(() =>
            meter.ReceiveRevocation(new RevokeAndAck(meter.ChannelId, new Secret(new byte[32]), new Point(pair.ProviderSigner.GetPerCommitmentPoint(2).AsSpan()))));

        // commitment_signed with nothing to commit.
        var emptyCommit = new CommitmentSigned(meter.ChannelId, new CompactSignature(new byte[64]), []);
        Assert.Throws<CommitmentWithoutChangesException>(() => provider.ReceiveCommit(emptyCommit, pair.ProviderSigner));

        // update_fee from the side that did not open the channel.
        Assert.Throws<FeeUpdateNotAllowedException>(() => meter.ReceiveFee(new UpdateFee(meter.ChannelId, 1000)));
        Assert.Throws<FeerateTooLowException>(() => provider.ReceiveFee(new UpdateFee(meter.ChannelId, 252)));

        // A message for another channel.
        Assert.Throws<WrongChannelException>(() =>
            provider.ReceiveTransfer(new UpdateTransfer(ChannelId.All, 0, new MilliSatoshis(1), pair.NextReading())));

        // Local misuse: signing twice before the revocation.
        pair.MeterPays(1_000);
        pair.MeterSigns();
        pair.MeterPays(1_000);
        Assert.False(pair.Meter.CanSendCommit);
        Assert.Throws<InvalidOperationException>(() => pair.Meter.SendCommit(pair.MeterSigner));

        Assert.Same(provider, pair.Provider);
        pair.Settle();
        Assert.Equal(new MilliSatoshis(2_000), pair.Provider.LocalCommit.Spec.ToLocal);
    }

    private static void AssertUnchangedAndStillWorks(ChannelPair pair, Commitments before, CommitmentSigned genuine)
    {
        Assert.Same(before, pair.Provider);
        var (state, revocation) = pair.Provider.ReceiveCommit(genuine, pair.ProviderSigner);
        pair.Provider = state;
        pair.Meter = pair.Meter.ReceiveRevocation(revocation);
        pair.Settle();
        Assert.Equal(pair.Meter.LocalCommit.Spec, pair.Provider.RemoteCommit.Spec);
        Assert.Equal(pair.Provider.LocalCommit.Spec, pair.Meter.RemoteCommit.Spec);
    }

    private static CompactSignature StaleSignatureFor(ChannelPair pair) =>
        new(pair.Provider.LocalCommit.RemoteSignature.ToCompact());
}
