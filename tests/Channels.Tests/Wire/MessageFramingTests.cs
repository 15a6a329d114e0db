using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>BOLT 1, "Lightning Message Format": type dispatch, size limit, extension handling.</summary>
public class MessageFramingTests
{
    public static TheoryData<string, bool, string> AppendixC => Bolt1Appendix.MessageExtensions();

    [Fact]
    public void Appendix_C_is_read_completely() => Assert.Equal(5, AppendixC.Count);

    [Theory]
    [MemberData(nameof(AppendixC))]
    public void Appendix_C_init_extension(string hex, bool valid, string description)
    {
        byte[] bytes = Convert.FromHexString(hex);
        if (!valid)
        {
            Assert.Throws<WireFormatException>(() => MessageCodec.Decode(bytes));
            return;
        }

        var init = Assert.IsType<Init>(MessageCodec.Decode(bytes).Message);
        Assert.Equal(FeatureBits.Empty, init.CombinedFeatures);
        Assert.Equal(bytes, MessageCodec.Encode(init));
        Assert.NotEmpty(description);
    }

    [Fact]
    public void Appendix_C_unknown_odd_records_are_kept_in_the_extension()
    {
        var init = (Init)MessageCodec.Decode(Convert.FromHexString("001000000000c9012acb0104")).Message;

        Assert.Equal([new TlvRecord(0xc9, [0x2a]), new TlvRecord(0xcb, [0x04])], init.Extension.Records);
        Assert.Null(init.Networks);
    }

    [Theory]
    [InlineData("8001")] // 32769, odd custom type
    [InlineData("0103")] // 259, odd routing type we do not implement
    [InlineData("ffff0102")] // 65535
    public void Unknown_odd_type_is_returned_for_the_caller_to_ignore(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex);

        var result = MessageCodec.Decode(bytes);

        Assert.True(result.ShouldIgnore);
        var unknown = Assert.IsType<UnknownMessage>(result.Message);
        Assert.Equal((ushort)((bytes[0] << 8) | bytes[1]), unknown.Type);
        Assert.Equal(bytes[2..], unknown.Payload.ToArray());
        Assert.Equal(bytes, MessageCodec.Encode(unknown));
    }

    [Theory]
    [InlineData("0080")] // update_add_htlc: BOLT 2, but HTLCs are not part of our protocol
    [InlineData("0100")] // channel_announcement
    [InlineData("8000")] // 32768, even custom type
    [InlineData("0000")]
    public void Unknown_even_type_throws_UnknownEvenMessageType(string hex)
    {
        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(Convert.FromHexString(hex + "00000000")));

        Assert.Equal(WireFormatReason.UnknownEvenMessageType, error.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    public void Input_shorter_than_a_type_is_truncated(string hex)
    {
        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(Convert.FromHexString(hex)));

        Assert.Equal(WireFormatReason.Truncated, error.Reason);
    }

    [Fact]
    public void Input_over_65535_bytes_is_rejected()
    {
        byte[] bytes = new byte[MessageCodec.MaxMessageLength + 1];
        bytes[1] = 19; // pong

        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(bytes));

        Assert.Equal(WireFormatReason.MessageTooLong, error.Reason);
    }

    [Fact]
    public void Largest_possible_pong_decodes()
    {
        // 2 (type) + 2 (byteslen) + 65531 = 65535: BOLT 1's "maximum sensible byteslen is 65531".
        var pong = new Pong(new ByteVector(new byte[65_531]));
        byte[] bytes = MessageCodec.Encode(pong);

        Assert.Equal(MessageCodec.MaxMessageLength, bytes.Length);
        Assert.Equal(pong, MessageCodec.Decode(bytes).Message);
    }

    [Fact]
    public void Encoding_over_65535_bytes_is_a_caller_error()
    {
        var pong = new Pong(new ByteVector(new byte[65_532]));

        Assert.Throws<ArgumentException>(() => MessageCodec.Encode(pong));
    }

    [Fact]
    public void Trailing_bytes_that_are_not_a_tlv_stream_fail_the_message()
    {
        // ping(num_pong_bytes=1, byteslen=0) then 0x01: a TLV type with no length.
        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(Convert.FromHexString("00120001000001")));

        Assert.Equal(WireFormatReason.Truncated, error.Reason);
    }

    [Fact]
    public void Extension_with_non_minimal_type_fails()
    {
        // pong(byteslen=0) then type 0xfd0001 (1 written in 3 bytes).
        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(Convert.FromHexString("00130000fd000100")));

        Assert.Equal(WireFormatReason.NonMinimalBigSize, error.Reason);
    }

    [Fact]
    public void Extension_length_beyond_the_message_fails()
    {
        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(Convert.FromHexString("00130000010500")));

        Assert.Equal(WireFormatReason.TlvLengthExceedsStream, error.Reason);
    }

    [Fact]
    public void Extension_records_out_of_order_fail()
    {
        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(Convert.FromHexString("0013000003000100")));

        Assert.Equal(WireFormatReason.TlvTypesNotIncreasing, error.Reason);
    }

    [Fact]
    public void Message_type_numbers_come_from_one_table()
    {
        Assert.Equal(16, MessageTypes.NumberOf<Init>());
        Assert.Equal(136, new ChannelReestablish(SampleMessages.ChannelId, 1, 0, Secret.Zero, SampleMessages.PerCommitmentPoint).Type);
        Assert.Equal(MessageTypes.UpdateTransfer, MessageTypes.NumberOf<UpdateTransfer>());
        Assert.Equal(MessageTypes.Known.Count, MessageTypes.Known.Distinct().Count());
        Assert.Throws<ArgumentException>(() => MessageTypes.NumberOf(typeof(UnknownMessage)));
    }

    [Fact]
    public void Our_custom_type_is_odd_and_in_the_custom_range()
    {
        // BOLT 1: Custom (types 32768-65535); odd so that regular nodes ignore it.
        Assert.InRange(MessageTypes.UpdateTransfer, 32768, 65535);
        Assert.Equal(1, MessageTypes.UpdateTransfer % 2);
    }
}
