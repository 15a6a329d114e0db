using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>Every known message encodes, decodes to an equal record, and re-encodes to the same bytes.</summary>
public class MessageRoundTripTests
{
    public static TheoryData<string, int> Messages => SampleMessages.Rows();

    [Fact]
    public void Samples_cover_every_known_message_type() =>
        Assert.Equal(
            MessageTypes.Known.Order(),
            SampleMessages.All.Select(m => m.Type).Distinct().Order());

    [Theory]
    [MemberData(nameof(Messages))]
    public void Encode_then_decode_gives_an_equal_message(string name, int index)
    {
        var message = SampleMessages.All[index];
        byte[] encoded = MessageCodec.Encode(message);

        var decoded = MessageCodec.Decode(encoded);

        Assert.False(decoded.ShouldIgnore);
        Assert.Equal(message, decoded.Message);
        Assert.Equal(encoded, MessageCodec.Encode(decoded.Message));
        Assert.Equal(name, MessageTypes.NameOf(decoded.Message.Type));
        Assert.Equal(message.Type, (ushort)((encoded[0] << 8) | encoded[1]));
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Unknown_odd_extension_records_are_kept_and_re_encoded(string name, int index)
    {
        var message = SampleMessages.All[index];
        // Types past every record our messages define, odd: BOLT 1 "it's ok to be odd".
        var extension = new TlvStream([new TlvRecord(65_537, [0x2a]), new TlvRecord(0xfd00_0001, [])]);
        var extended = message with { Extension = extension };
        byte[] encoded = MessageCodec.Encode(extended);

        var decoded = MessageCodec.Decode(encoded).Message;

        Assert.Equal(extended, decoded);
        Assert.Equal(extension, decoded.Extension);
        Assert.Equal(MessageCodec.Encode(message).Length + extension.Encode().Length, encoded.Length);
        Assert.NotNull(name);
    }

    [Fact]
    public void An_extension_holding_a_type_the_message_defines_is_a_caller_error()
    {
        // channel_type is open_channel's TLV type 1: it must be set through ChannelType.
        var message = SampleMessages.OpenChannel with { Extension = new TlvStream([new TlvRecord(1, [0x10, 0x00])]) };

        Assert.Throws<ArgumentException>(() => MessageCodec.Encode(message));
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Unknown_even_extension_record_fails_the_message(string name, int index)
    {
        // Through the extension, so the record sits in type order among the message's own
        // (open_channel's meter_reading_pubkey has a larger type).
        byte[] encoded = MessageCodec.Encode(SampleMessages.All[index] with { Extension = new TlvStream([new TlvRecord(65_536, [0x2a])]) });

        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(encoded));

        Assert.Equal(WireFormatReason.UnknownEvenTlvType, error.Reason);
        Assert.NotNull(name);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_truncation_fails_with_WireFormatException(string name, int index)
    {
        byte[] encoded = MessageCodec.Encode(SampleMessages.All[index]);
        int fixedPart = encoded.Length - TrailingTlvLength(SampleMessages.All[index]);
        for (int length = 0; length < fixedPart; length++)
        {
            // BOLT 1: "a known message with insufficient length for the contents: MUST close the connection".
            var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(encoded.AsSpan(0, length)));
            Assert.Equal(WireFormatReason.Truncated, error.Reason);
        }

        Assert.NotNull(name);
    }

    /// <summary>Bytes of the message's own TLV records, which may legitimately be cut at record boundaries.</summary>
    private static int TrailingTlvLength(LightningMessage message)
    {
        byte[] full = MessageCodec.Encode(message);
        byte[] bare = MessageCodec.Encode(message switch
        {
            Init m => m with { Networks = null, RemoteAddress = null },
            OpenChannel m => m with { UpfrontShutdownScript = null, ChannelType = null, MeterReadingPubkey = null },
            AcceptChannel m => m with { UpfrontShutdownScript = null, ChannelType = null },
            ChannelReady m => m with { ShortChannelIdAlias = null },
            ClosingSigned m => m with { FeeRange = null },
            CommitmentSigned m => m with { FundingTxid = null },
            TariffUpdate m => m with { FeedInMsatPerWh = null, TimeOfUse = ValueList<TariffPeriod>.Empty, TimeZone = null },
            _ => message,
        });

        // update_transfer's meter_reading record is required; cuts inside it are tested in UpdateTransferTests.
        int required = message is UpdateTransfer ? 2 + SignedMeterReading.EncodedLength : 0;
        return full.Length - bare.Length + required;
    }
}
