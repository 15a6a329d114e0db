using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>The decoding rules docs/PROTOCOL.md gives for update_transfer and its meter_reading record.</summary>
public class UpdateTransferTests
{
    private static readonly string Fixed = ProtocolDocTests.ExpectedUpdateTransferHex[..100];
    private static readonly string ReadingValue = ProtocolDocTests.ExpectedUpdateTransferHex[104..];

    [Fact]
    public void Fixed_fields_sit_where_the_layout_table_says()
    {
        Assert.Equal(50 * 2, Fixed.Length);
        Assert.Equal(88 * 2, ReadingValue.Length);
        Assert.Equal(ProtocolDocTests.ExpectedUpdateTransferHex, Fixed + "0058" + ReadingValue);
    }

    [Fact]
    public void Missing_meter_reading_is_rejected()
    {
        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(Convert.FromHexString(Fixed)));

        Assert.Equal(WireFormatReason.MissingRequiredTlv, error.Reason);
    }

    [Fact]
    public void Only_odd_records_without_meter_reading_are_rejected()
    {
        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(Convert.FromHexString(Fixed + "0100")));

        Assert.Equal(WireFormatReason.MissingRequiredTlv, error.Reason);
    }

    [Theory]
    [InlineData(87)]
    [InlineData(89)]
    [InlineData(0)]
    public void Meter_reading_of_wrong_length_is_invalid(int length)
    {
        string value = (ReadingValue + "00")[..(length * 2)];
        byte[] bytes = Convert.FromHexString(Fixed + "00" + length.ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + value);

        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(bytes));

        Assert.Equal(WireFormatReason.InvalidTlvValue, error.Reason);
    }

    [Fact]
    public void Meter_reading_cut_short_exceeds_the_stream()
    {
        string cut = ProtocolDocTests.ExpectedUpdateTransferHex[..^2];

        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(Convert.FromHexString(cut)));

        Assert.Equal(WireFormatReason.TlvLengthExceedsStream, error.Reason);
    }

    [Fact]
    public void Unknown_even_record_after_the_reading_is_rejected()
    {
        var error = Assert.Throws<WireFormatException>(() =>
            MessageCodec.Decode(Convert.FromHexString(ProtocolDocTests.ExpectedUpdateTransferHex + "0400"))); // type 2 is meter_reading_v2

        Assert.Equal(WireFormatReason.UnknownEvenTlvType, error.Reason);
    }

    [Fact]
    public void Unknown_odd_record_after_the_reading_is_kept()
    {
        var decoded = (UpdateTransfer)MessageCodec.Decode(Convert.FromHexString(ProtocolDocTests.ExpectedUpdateTransferHex + "0301ff")).Message;

        Assert.Equal(ProtocolDocTests.Example.MeterReading, decoded.MeterReading);
        Assert.Equal([new TlvRecord(3, [0xff])], decoded.Extension.Records);
    }

    [Fact]
    public void The_reading_is_not_part_of_the_extension()
    {
        var decoded = MessageCodec.Decode(Convert.FromHexString(ProtocolDocTests.ExpectedUpdateTransferHex)).Message;

        Assert.True(decoded.Extension.IsEmpty);
    }

    [Fact]
    public void An_extension_that_repeats_the_reading_type_is_a_caller_error()
    {
        var message = ProtocolDocTests.Example with { Extension = new TlvStream([new TlvRecord(0, [])]) };

        Assert.Throws<ArgumentException>(() => MessageCodec.Encode(message));
    }
}
