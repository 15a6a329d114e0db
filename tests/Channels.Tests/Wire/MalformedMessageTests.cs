using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>Each malformed field gets its own case, asserting the reason it was rejected.</summary>
public class MalformedMessageTests
{
    private static readonly string ChannelIdHex = SampleMessages.ChannelId.ToHex();
    private static readonly string SignatureHex = SampleMessages.Signature.ToHex();

    [Fact]
    public void Commitment_signed_claiming_more_htlc_signatures_than_present_is_truncated_before_allocating()
    {
        // num_htlcs = 0xffff with one signature present: must fail without allocating 65535 signatures.
        byte[] bytes = Convert.FromHexString("0084" + ChannelIdHex + SignatureHex + "ffff" + SignatureHex);
        Assert.Throws<WireFormatException>(() => MessageCodec.Decode(bytes.AsSpan(0, bytes.Length - 64).ToArray())); // warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(bytes));

        Assert.Equal(WireFormatReason.Truncated, error.Reason);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 * bytes.Length + 4096);
    }

    [Fact]
    public void Error_whose_len_exceeds_the_data_is_truncated()
    {
        var error = Assert.Throws<WireFormatException>(() =>
            MessageCodec.Decode(Convert.FromHexString("0011" + ChannelIdHex + "0005" + "41424344")));

        Assert.Equal(WireFormatReason.Truncated, error.Reason);
    }

    [Fact]
    public void Init_whose_flen_exceeds_the_message_is_truncated()
    {
        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(Convert.FromHexString("001000000003" + "1000")));

        Assert.Equal(WireFormatReason.Truncated, error.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(65)]
    public void Init_networks_not_a_whole_number_of_chain_hashes_is_invalid(int length)
    {
        // Length 0 is valid (no chains); the others are not multiples of 32.
        byte[] bytes = [.. Convert.FromHexString("001000000000" + "01"), (byte)length, .. new byte[length]];
        if (length == 0)
        {
            Assert.Empty(Assert.IsType<Init>(MessageCodec.Decode(bytes).Message).Networks!.Value);
            return;
        }

        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(bytes));
        Assert.Equal(WireFormatReason.InvalidTlvValue, error.Reason);
    }

    [Fact]
    public void Init_records_out_of_order_fail()
    {
        // remote_addr (3) before networks (1).
        var error = Assert.Throws<WireFormatException>(() =>
            MessageCodec.Decode(Convert.FromHexString("001000000000" + "0300" + "0100")));

        Assert.Equal(WireFormatReason.TlvTypesNotIncreasing, error.Reason);
    }

    [Fact]
    public void Open_channel_with_channel_type_twice_fails()
    {
        string open = Convert.ToHexStringLower(MessageCodec.Encode(SampleMessages.OpenChannel));

        var error = Assert.Throws<WireFormatException>(() =>
            MessageCodec.Decode(Convert.FromHexString(open + "01021000" + "01021000")));

        Assert.Equal(WireFormatReason.TlvTypesNotIncreasing, error.Reason);
    }

    [Theory]
    [InlineData("0f")]
    [InlineData("11")]
    public void Closing_signed_fee_range_of_wrong_length_is_invalid(string length)
    {
        int count = Convert.ToInt32(length, 16);
        byte[] bytes = Convert.FromHexString("0027" + ChannelIdHex + "0000000000001ca8" + SignatureHex + "01" + length + new string('0', count * 2));

        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(bytes));

        Assert.Equal(WireFormatReason.InvalidTlvValue, error.Reason);
    }

    [Theory]
    [InlineData("07")]
    [InlineData("09")]
    public void Channel_ready_alias_of_wrong_length_is_invalid(string length)
    {
        int count = Convert.ToInt32(length, 16);
        byte[] bytes = Convert.FromHexString(
            "0024" + ChannelIdHex + SampleMessages.PerCommitmentPoint.ToHex() + "01" + length + new string('0', count * 2));

        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(bytes));

        Assert.Equal(WireFormatReason.InvalidTlvValue, error.Reason);
    }

    [Fact]
    public void Commitment_signed_funding_txid_of_wrong_length_is_invalid()
    {
        byte[] bytes = Convert.FromHexString("0084" + ChannelIdHex + SignatureHex + "0000" + "011f" + new string('0', 62));

        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(bytes));

        Assert.Equal(WireFormatReason.InvalidTlvValue, error.Reason);
    }

    [Fact]
    public void Invalid_point_bytes_decode_and_are_left_to_the_channel_layer()
    {
        // BOLT 2: an invalid basepoint makes the receiver fail the channel, not the connection.
        var invalid = Point.FromHex("04" + new string('1', 64));
        var open = SampleMessages.OpenChannel with { FundingPubkey = invalid };

        var decoded = (OpenChannel)MessageCodec.Decode(MessageCodec.Encode(open)).Message;

        Assert.Equal(invalid, decoded.FundingPubkey);
        Assert.False(decoded.FundingPubkey.HasCompressedPrefix);
    }
}
