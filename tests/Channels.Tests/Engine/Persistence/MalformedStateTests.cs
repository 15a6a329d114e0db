using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Wire;
using static Microchannels.Channels.Tests.Engine.Persistence.FreshStateLayout;

namespace Microchannels.Channels.Tests.Engine.Persistence;

/// <summary>One damaged field at a time, each rejected with its own reason and nothing else.</summary>
public class MalformedStateTests
{
    [Fact]
    public void The_layout_matches_the_fresh_golden_state()
    {
        byte[] fresh = Fresh();
        var state = CommitmentsCodec.Decode(fresh);
        Assert.Equal(Length, fresh.Length);
        Assert.Equal(state.Parameters.Local.Basepoints.FundingPubKey.ToBytes(), fresh[LocalFundingPubKey..(LocalFundingPubKey + 33)]);
        Assert.Equal(state.Parameters.MeterReadingKey.ToBytes(), fresh[MeterReadingKey..LocalCommitNumber]);
        Assert.Equal(state.LocalCommit.RemoteSignature.ToCompact(), fresh[LocalCommitSignature..RemoteCommitNumber]);
        Assert.Equal(state.RemoteCommit.PerCommitmentPoint.ToBytes(), fresh[RemoteCommitPoint..LocalChangeCounts]);
        Assert.Equal(state.RemoteSecrets.Serialize(), fresh[SecretStore..LastLocalReadingFlag]);
    }

    [Fact]
    public void Empty_input_is_truncated() => AssertRejected([], ChannelStateFormatReason.Truncated);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(LocalFundingPubKey + 10)]
    [InlineData(SecretStore + 5)]
    [InlineData(Length - 1)]
    public void A_cut_off_write_is_truncated(int length) =>
        AssertRejected(Fresh()[..length], ChannelStateFormatReason.Truncated);

    [Fact]
    public void A_trailing_byte_is_rejected() =>
        AssertRejected([.. Fresh(), 0x00], ChannelStateFormatReason.TrailingBytes);

    [Theory]
    [InlineData("44")]
    [InlineData("00")]
    public void Another_first_byte_is_not_a_stored_state(string magic) =>
        AssertRejected(Patch(Fresh(), FormatMagic, magic), ChannelStateFormatReason.UnknownFormat);

    [Theory]
    [InlineData("0000")]
    [InlineData("0003")] // 1 and 2 are read (version 2 holds version-2 readings)
    [InlineData("0100")]
    public void Other_versions_are_unsupported(string version) =>
        AssertRejected(Patch(Fresh(), FormatVersion, version), ChannelStateFormatReason.UnsupportedVersion);

    [Fact]
    public void A_point_off_the_curve_is_rejected()
    {
        // Half of all x coordinates have no point; take the first such small x.
        byte[] offCurve = Enumerable.Range(1, 100)
            .Select(x => (byte[])[0x02, .. new byte[31], (byte)x])
            .First(bytes => !PublicKey.TryFromBytes(bytes, out _));
        AssertRejected(Patch(Fresh(), MeterReadingKey, Convert.ToHexString(offCurve)), ChannelStateFormatReason.InvalidPoint);
    }

    [Theory]
    [InlineData("04")]
    [InlineData("00")]
    [InlineData("05")]
    public void A_point_without_a_compressed_prefix_is_rejected(string prefix) =>
        AssertRejected(Patch(Fresh(), LocalFundingPubKey, prefix), ChannelStateFormatReason.InvalidPoint);

    [Fact]
    public void A_point_with_x_not_below_p_is_rejected() =>
        AssertRejected(Patch(Fresh(), RemoteCommitPoint + 1, new string('f', 64)), ChannelStateFormatReason.InvalidPoint);

    [Theory]
    [InlineData(0, "00")] // r = 0
    [InlineData(32, "00")] // s = 0
    [InlineData(0, "ff")] // r not below n
    [InlineData(32, "ff")] // s not below n
    public void A_commitment_signature_outside_1_to_n_minus_1_is_rejected(int half, string fill) =>
        AssertRejected(Patch(Fresh(), LocalCommitSignature + half, string.Concat(Enumerable.Repeat(fill, 32))), ChannelStateFormatReason.InvalidSignature);

    [Fact]
    public void A_meter_reading_signature_outside_1_to_n_minus_1_is_rejected()
    {
        byte[] busy = GoldenStates.Bytes(GoldenScenario.MeterBusy);
        var reading = CommitmentsCodec.Decode(busy).LocalChanges.Proposed.OfType<Microchannels.Channels.Engine.TransferUpdate>().Single().Reading;
        int offset = IndexOfUnique(busy, reading.Signature.AsSpan());
        AssertRejected(Patch(busy, offset, new string('0', 64)), ChannelStateFormatReason.InvalidSignature);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("03")]
    [InlineData("ff")]
    public void An_unknown_update_tag_is_rejected(string tag)
    {
        // The meter's update_fee to 1000 sat/kw: tag 2, then u32 0x000003e8.
        byte[] busy = GoldenStates.Bytes(GoldenScenario.MeterBusy);
        int offset = IndexOfUnique(busy, [0x02, 0x00, 0x00, 0x03, 0xe8]);
        AssertRejected(Patch(busy, offset, tag), ChannelStateFormatReason.UnknownUpdateTag);
    }

    [Theory]
    [InlineData(LocalChangeCounts, "fc")] // 252 updates of at least 5 bytes: more than the 71 bytes left
    [InlineData(RemoteChangeCounts + 2, "fd00ff")]
    [InlineData(LocalHtlcCount, "feffffffff")]
    [InlineData(LocalHtlcCount, "ffffffffffffffffff")]
    public void A_count_larger_than_the_bytes_left_is_rejected_before_allocating(int offset, string count)
    {
        byte[] input = Splice(Fresh(), offset, 1, count);
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertRejected(input, ChannelStateFormatReason.CountExceedsInput);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64_000);
    }

    [Theory]
    [InlineData(LocalChangeCounts, "fd0000")]
    [InlineData(LocalHtlcCount, "fe00000000")]
    public void A_count_in_a_longer_BigSize_than_needed_is_not_canonical(int offset, string count) =>
        AssertRejected(Splice(Fresh(), offset, 1, count), ChannelStateFormatReason.NonCanonical);

    [Fact]
    public void Secret_store_entries_out_of_bucket_order_are_not_canonical()
    {
        byte[] busy = GoldenStates.Bytes(GoldenScenario.MeterBusy);
        byte[] store = CommitmentsCodec.Decode(busy).RemoteSecrets.Serialize();
        Assert.True(store[1] >= 2, "needs two entries");
        byte[] swapped = [.. store[..10], .. store[51..92], .. store[10..51], .. store[92..]];
        int offset = IndexOfUnique(busy, store);
        AssertRejected(Patch(busy, offset, Convert.ToHexString(swapped)), ChannelStateFormatReason.NonCanonical);
    }

    [Theory]
    [InlineData(LocalIsOpener)]
    [InlineData(NextRemoteCommitFlag)]
    [InlineData(RemoteNextPointFlag)]
    [InlineData(LastLocalReadingFlag)]
    [InlineData(LastRemoteReadingFlag)]
    public void A_flag_other_than_0_or_1_is_rejected(int offset) =>
        AssertRejected(Patch(Fresh(), offset, "02"), ChannelStateFormatReason.InvalidFlag);

    [Fact]
    public void An_htlc_direction_other_than_offered_or_received_is_rejected()
    {
        byte[] htlcs = GoldenStates.Bytes(GoldenScenario.WithHtlcs);
        // The first HTLC follows the count 02 at the layout's HTLC count offset.
        Assert.Equal(0x02, htlcs[LocalHtlcCount]);
        AssertRejected(Patch(htlcs, LocalHtlcCount + 1, "02"), ChannelStateFormatReason.InvalidFlag);
    }

    [Theory]
    [InlineData(FundingAmount, "000775f05a074001")] // MAX_MONEY + 1 sat
    [InlineData(LocalSide, "8000000000000000")] // a dust limit that would be negative as a long
    [InlineData(LocalToLocal, "1d24b2dfac520001")] // 21 million BTC + 1 msat
    [InlineData(LocalCommitNumber, "0001000000000000")] // commitment number 2^48
    [InlineData(RemoteCommitNumber, "ffffffffffffffff")]
    public void A_value_out_of_its_range_is_rejected(int offset, string value) =>
        AssertRejected(Patch(Fresh(), offset, value), ChannelStateFormatReason.ValueOutOfRange);

    [Theory]
    [InlineData(SecretStore, "02")] // the store's own format version
    [InlineData(SecretStore + 1, "01")] // one entry claimed, none present
    [InlineData(SecretStore + 2, "0000fffffffffffe")] // a newest index with no entries
    public void A_damaged_secret_store_is_rejected(int offset, string patch) =>
        AssertRejected(Patch(Fresh(), offset, patch), ChannelStateFormatReason.InvalidSecretStore);

    [Fact]
    public void A_secret_store_length_beyond_the_input_is_truncated() =>
        AssertRejected(Patch(Fresh(), SecretStoreLength, "ffff"), ChannelStateFormatReason.Truncated);

    [Fact]
    public void The_exception_is_a_format_error_of_our_own_not_a_peer_wire_error()
    {
        var e = Assert.Throws<ChannelStateFormatException>(() => CommitmentsCodec.Decode(Fresh()[..100]));
        Assert.IsAssignableFrom<BitcoinFormatException>(e);
        Assert.False(typeof(WireFormatException).IsAssignableFrom(typeof(ChannelStateFormatException)));
        Assert.IsType<WireFormatException>(e.InnerException);
    }

    private static byte[] Fresh() => GoldenStates.Bytes(GoldenScenario.Fresh);

    private static void AssertRejected(byte[] input, ChannelStateFormatReason reason)
    {
        var e = Assert.Throws<ChannelStateFormatException>(() => CommitmentsCodec.Decode(input));
        Assert.Equal(reason, e.Reason);
    }

    private static byte[] Patch(byte[] data, int offset, string hex)
    {
        byte[] copy = (byte[])data.Clone();
        Convert.FromHexString(hex).CopyTo(copy, offset);
        return copy;
    }

    private static byte[] Splice(byte[] data, int offset, int remove, string hex) =>
        [.. data[..offset], .. Convert.FromHexString(hex), .. data[(offset + remove)..]];

    private static int IndexOfUnique(byte[] data, ReadOnlySpan<byte> value)
    {
        int first = data.AsSpan().IndexOf(value);
        Assert.True(first >= 0 && first == data.AsSpan().LastIndexOf(value), "the patched field must occur exactly once");
        return first;
    }
}
