using Microchannels.Bitcoin;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Keys;
using Microchannels.Channels.Wire;
using static Microchannels.Channels.Tests.Engine.Persistence.FreshStateLayout;

namespace Microchannels.Channels.Tests.Engine.Persistence;

/// <summary>
/// The encoder refuses what the decoder would reject, so no save can produce a record
/// that fails to load; and values at the very top of their ranges still round-trip.
/// </summary>
public class CommitmentsCodecEncodeTests
{
    [Fact]
    public void A_null_state_is_an_argument_error() =>
        Assert.Throws<ArgumentNullException>(() => CommitmentsCodec.Encode(null!));

    [Fact]
    public void An_amount_beyond_21_million_BTC_is_refused()
    {
        var state = Fresh();
        var spec = state.LocalCommit.Spec with { ToLocal = new MilliSatoshis(MilliSatoshis.MaxMoney + 1) };
        Assert.Throws<ArgumentOutOfRangeException>(() => CommitmentsCodec.Encode(state with { LocalCommit = state.LocalCommit with { Spec = spec } }));
    }

    [Fact]
    public void A_negative_satoshi_amount_is_refused()
    {
        var state = Fresh();
        var parameters = state.Parameters with { Local = state.Parameters.Local with { DustLimit = new Satoshis(-1) } };
        Assert.Throws<ArgumentOutOfRangeException>(() => CommitmentsCodec.Encode(state with { Parameters = parameters }));
    }

    [Fact]
    public void A_commitment_number_beyond_48_bits_is_refused()
    {
        var state = Fresh();
        Assert.Throws<ArgumentOutOfRangeException>(() => CommitmentsCodec.Encode(state with { LocalCommit = state.LocalCommit with { Index = CommitmentIndex.MaxCommitmentNumber + 1 } }));
    }

    [Fact]
    public void A_transfer_whose_reading_signature_is_not_a_signature_is_refused()
    {
        var state = Fresh();
        var reading = new SignedMeterReading(new MeterReading(1, 10, 1_700_000_005), new CompactSignature(new byte[64]));
        var changes = state.LocalChanges with { Proposed = [new TransferUpdate(0, new MilliSatoshis(1_000), reading)] };
        Assert.Throws<ArgumentException>(() => CommitmentsCodec.Encode(state with { LocalChanges = changes }));
    }

    [Fact]
    public void An_update_kind_without_a_tag_is_refused()
    {
        var state = Fresh();
        var changes = state.RemoteChanges with { Acked = [new UntaggedUpdate()] };
        Assert.Throws<ArgumentException>(() => CommitmentsCodec.Encode(state with { RemoteChanges = changes }));
    }

    [Theory]
    [InlineData(FundingAmount, "000775f05a074000")] // MAX_MONEY exactly
    [InlineData(LocalToLocal, "1d24b2dfac520000")] // 21 million BTC in msat exactly
    [InlineData(LocalCommitNumber, "0000ffffffffffff")] // the last commitment number, 2^48 - 1
    [InlineData(FundingOutPoint + 32, "ffffffff")]
    [InlineData(LocalSide + 16, "ffff")] // to_self_delay
    public void Values_at_the_top_of_their_range_round_trip(int offset, string value)
    {
        byte[] input = GoldenStates.Bytes(GoldenScenario.Fresh);
        Convert.FromHexString(value).CopyTo(input, offset);
        Assert.Equal(input, CommitmentsCodec.Encode(CommitmentsCodec.Decode(input)));
    }

    private static Commitments Fresh() => CommitmentsCodec.Decode(GoldenStates.Bytes(GoldenScenario.Fresh));

    private sealed record UntaggedUpdate : ChannelUpdate;
}
