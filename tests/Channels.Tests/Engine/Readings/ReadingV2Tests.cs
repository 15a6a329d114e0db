using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Readings;

/// <summary>
/// docs/PROTOCOL.md, "The signed reading, version 2": the provider accepts a meter's
/// payment only with a reading bound to this chain, channel, provider, transfer,
/// amount and predecessor, refuses each mismatch with its own error, and its
/// channel stays exactly as it was.
/// </summary>
public sealed class ReadingV2Tests : IDisposable
{
    private static readonly Point ProviderNodeId = new(PrivateKey.FromBytes(Hashes.Sha256("provider node"u8)).PublicKey.AsSpan());
    private static readonly Sha256Hash LastOnPreviousChannel = new(Hashes.Sha256("the meter's last reading on its previous channel"u8));

    private readonly ChannelPair _pair = new();
    private readonly ReadingExpectations _expectations = new(ChainHash.Regtest, ProviderNodeId, LastOnPreviousChannel);
    private ulong _wh = 100;
    private ulong _clock = 1_750_000_000;

    public void Dispose() => _pair.Dispose();

    [Fact]
    public void A_bound_reading_chained_to_the_previous_channel_pays()
    {
        var provider = Receive(Transfer(0, 1_000, Binding(0, 1_000)));
        Assert.Equal(1UL, provider.RemoteNextTransferId);
    }

    [Fact]
    public void Each_reading_in_the_channel_chains_to_the_one_before()
    {
        var first = Transfer(0, 1_000, Binding(0, 1_000));
        var provider = _pair.Provider.ReceiveTransfer(first, _expectations);
        var second = Transfer(1, 2_000, Binding(1, 2_000) with { PreviousReadingHash = first.MeterReading.Reading.SigningHash() });
        provider = provider.ReceiveTransfer(second, _expectations);

        // Dropping, replaying or reordering breaks the chain.
        var skipping = Transfer(2, 3_000, Binding(2, 3_000) with { PreviousReadingHash = first.MeterReading.Reading.SigningHash() });
        AssertRefused<ReadingPredecessorMismatchException>(provider, skipping);
    }

    [Fact]
    public void Reading_for_another_chain_is_refused() =>
        AssertRefused<ReadingChainMismatchException>(_pair.Provider, Transfer(0, 1_000, Binding(0, 1_000) with { ChainHash = ChainHash.Bitcoin }));

    [Fact]
    public void Reading_replayed_from_another_channel_is_refused() =>
        AssertRefused<ReadingChannelMismatchException>(_pair.Provider, Transfer(0, 1_000, Binding(0, 1_000) with { ChannelId = new ChannelId(Hashes.Sha256("another channel"u8)) }));

    [Fact]
    public void Reading_given_to_another_provider_is_refused() =>
        AssertRefused<ReadingProviderMismatchException>(_pair.Provider, Transfer(0, 1_000, Binding(0, 1_000) with { ProviderNodeId = new Point(_pair.MeterReadingKey.PublicKey.AsSpan()) }));

    [Fact]
    public void Reading_for_another_amount_is_refused() =>
        AssertRefused<ReadingAmountMismatchException>(_pair.Provider, Transfer(0, 1_000, Binding(0, 999)));

    [Fact]
    public void Reading_for_another_transfer_is_refused() =>
        AssertRefused<ReadingTransferIdMismatchException>(_pair.Provider, Transfer(0, 1_000, Binding(7, 1_000)));

    [Fact]
    public void First_reading_not_chained_to_the_meters_last_is_refused() =>
        AssertRefused<ReadingPredecessorMismatchException>(_pair.Provider, Transfer(0, 1_000, Binding(0, 1_000) with { PreviousReadingHash = ReadingBinding.Genesis }));

    [Fact]
    public void First_reading_of_a_meter_unknown_to_the_node_is_learnt()
    {
        var unknown = _expectations with { FirstPredecessor = null };
        _ = _pair.Provider.ReceiveTransfer(Transfer(0, 1_000, Binding(0, 1_000) with { PreviousReadingHash = ReadingBinding.Genesis }), unknown);
    }

    [Fact]
    public void Version_1_reading_is_refused_by_a_provider_that_requires_version_2()
    {
        var v1 = new UpdateTransfer(_pair.Provider.ChannelId, 0, new MilliSatoshis(1_000), _pair.Sign(new MeterReading(_wh, _wh * 10, _clock)));
        AssertRefused<ReadingVersionRefusedException>(_pair.Provider, v1);
        _ = _pair.Provider.ReceiveTransfer(v1, _expectations with { AcceptVersion1 = true });
    }

    [Fact]
    public void A_changed_field_breaks_the_meter_signature()
    {
        var good = Transfer(0, 1_000, Binding(0, 1_000));
        var reading = good.MeterReading.Reading;
        var tampered = good with { MeterReading = good.MeterReading with { Reading = reading with { CumulativeWh = reading.CumulativeWh + 1 } } };
        AssertRefused<InvalidMeterReadingSignatureException>(_pair.Provider, tampered);
    }

    [Fact]
    public void The_meter_cannot_propose_a_reading_that_does_not_match_its_own_transfer()
    {
        var error = Assert.Throws<ReadingAmountMismatchException>(() => _pair.Meter.SendTransfer(new MilliSatoshis(1_000), Signed(Binding(0, 2_000))));
        Assert.False(error.FailsChannel);
        var (meter, message) = _pair.Meter.SendTransfer(new MilliSatoshis(1_000), Signed(Binding(0, 1_000)));
        Assert.Equal(1UL, meter.LocalNextTransferId);
        Assert.Equal(2, message.MeterReading.Reading.Version);
    }

    [Fact]
    public void Version_2_update_transfer_round_trips_on_the_wire_and_in_the_store()
    {
        var message = Transfer(0, 1_000, Binding(0, 1_000));
        var encoded = MessageCodec.Encode(message);
        Assert.Equal(2 + 32 + 8 + 8 + 1 + 1 + SignedMeterReading.EncodedLengthV2, encoded.Length); // 241 < 0xfd: a one-byte BigSize length
        Assert.Equal(message, MessageCodec.Decode(encoded).Message);

        var provider = _pair.Provider.ReceiveTransfer(message, _expectations);
        var stored = CommitmentsCodec.Encode(provider);
        Assert.Equal(provider.RemoteChanges.Proposed, CommitmentsCodec.Decode(stored).RemoteChanges.Proposed);
        Assert.Equal(stored, CommitmentsCodec.Encode(CommitmentsCodec.Decode(stored)));
    }

    [Fact]
    public void A_state_holding_a_version_2_last_reading_is_stored_as_version_2_and_one_without_as_version_1()
    {
        Assert.Equal([0x43, 0x00, 0x01], CommitmentsCodec.Encode(_pair.Provider)[..3]);
        var reading = Signed(Binding(0, 1_000)).Reading;
        var withV2 = _pair.Provider with { LastRemoteReading = reading };
        var stored = CommitmentsCodec.Encode(withV2);
        Assert.Equal([0x43, 0x00, 0x02], stored[..3]);
        Assert.Equal(reading, CommitmentsCodec.Decode(stored).LastRemoteReading);
    }

    private ReadingBinding Binding(ulong transferId, ulong amountMsat) =>
        new(ChainHash.Regtest, _pair.Provider.ChannelId, ProviderNodeId, transferId, new MilliSatoshis(amountMsat), 0, LastOnPreviousChannel);

    private SignedMeterReading Signed(ReadingBinding binding)
    {
        _wh += 1;
        _clock += 5;
        return _pair.Sign(MeterReading.V2(_wh, _wh * 10, _clock, binding));
    }

    private UpdateTransfer Transfer(ulong id, ulong amountMsat, ReadingBinding binding) =>
        new(_pair.Provider.ChannelId, id, new MilliSatoshis(amountMsat), Signed(binding));

    private Commitments Receive(UpdateTransfer message) => _pair.Provider.ReceiveTransfer(message, _expectations);

    /// <summary>The typed error, failing the channel (a peer broke the rule), and the provider's state as it was.</summary>
    private void AssertRefused<TException>(Commitments provider, UpdateTransfer message)
        where TException : ChannelException
    {
        var before = CommitmentsCodec.Encode(provider);
        var error = Assert.Throws<TException>(() => provider.ReceiveTransfer(message, _expectations));
        Assert.True(error.FailsChannel);
        Assert.Equal(before, CommitmentsCodec.Encode(provider));
    }
}
