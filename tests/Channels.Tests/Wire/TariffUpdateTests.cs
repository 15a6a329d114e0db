using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>tariff_update (docs/PROTOCOL.md, "Message: tariff_update"): the worked example, and every malformed form a typed error.</summary>
public class TariffUpdateTests
{
    /// <summary>The document's example: 300 msat/Wh, 450 on weekdays 07:00-22:00 in Berlin, feed-in 80.</summary>
    public static TariffUpdate Example { get; } = new(
        ProtocolDocTests.Example.ChannelId,
        300,
        80,
        new ValueList<TariffPeriod>(new TariffPeriod(0x3e, 420, 1320, 450)),
        "Europe/Berlin");

    private static string Header => "9ae9" + ProtocolDocTests.Example.ChannelId.ToHex() + "000000000000012c";

    [Fact]
    public void Document_shows_the_example_and_its_type()
    {
        byte[] encoded = MessageCodec.Encode(Example);

        Assert.Equal(Convert.ToHexStringLower(encoded), ProtocolDocument.Block("tariff_update"));
        Assert.Equal(Example, MessageCodec.Decode(encoded).Message);
        Assert.Contains($"1. type: {MessageTypes.TariffUpdate} (`tariff_update`)", ProtocolDocument.Text, StringComparison.Ordinal);
        Assert.Contains($"`0x{MessageTypes.TariffUpdate:x4}`", ProtocolDocument.Text, StringComparison.Ordinal);
        Assert.Contains($"({encoded.Length} bytes)", ProtocolDocument.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flat_tariff_is_the_base_price_alone()
    {
        var flat = new TariffUpdate(ProtocolDocTests.Example.ChannelId, 300, null, ValueList<TariffPeriod>.Empty, null);
        byte[] encoded = MessageCodec.Encode(flat);

        Assert.Equal(Header, Convert.ToHexStringLower(encoded));
        Assert.Equal(flat, MessageCodec.Decode(encoded).Message);
    }

    [Theory]
    [InlineData("0000", WireFormatReason.InvalidTlvValue)] // an empty time_of_use
    [InlineData("000c3e01a4052800000000000001", WireFormatReason.InvalidTlvValue)] // 12 bytes, not 13
    [InlineData("000d0001a4052800000000000001c2", WireFormatReason.InvalidTlvValue)] // no day
    [InlineData("000d8001a4052800000000000001c2", WireFormatReason.InvalidTlvValue)] // day bit 7
    [InlineData("000d3e052801a400000000000001c2", WireFormatReason.InvalidTlvValue)] // ends before it starts
    [InlineData("000d3e01a401a400000000000001c2", WireFormatReason.InvalidTlvValue)] // empty period
    [InlineData("000d3e01a405a100000000000001c2", WireFormatReason.InvalidTlvValue)] // ends past 1440
    [InlineData("010800000000000000", WireFormatReason.TlvLengthExceedsStream)] // cut inside the record
    [InlineData("010700000000000050", WireFormatReason.InvalidTlvValue)] // feed-in of 7 bytes
    [InlineData("0200", WireFormatReason.InvalidTlvValue)] // an empty zone
    [InlineData("0202c328", WireFormatReason.InvalidTlvValue)] // not UTF-8
    [InlineData("0400", WireFormatReason.UnknownEvenTlvType)]
    [InlineData("01080000000000000050000d3e01a4052800000000000001c2", WireFormatReason.TlvTypesNotIncreasing)]
    public void Malformed_tariffs_are_typed_errors(string tlvs, WireFormatReason reason)
    {
        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(Convert.FromHexString(Header + tlvs)));

        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void A_zone_name_longer_than_64_bytes_is_malformed()
    {
        string tlv = "0241" + Convert.ToHexStringLower(new byte[65].Select(_ => (byte)'a').ToArray());

        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(Convert.FromHexString(Header + tlv)));

        Assert.Equal(WireFormatReason.InvalidTlvValue, error.Reason);
    }

    [Fact]
    public void A_message_cut_before_its_price_is_truncated()
    {
        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(Convert.FromHexString(Header[..^2])));

        Assert.Equal(WireFormatReason.Truncated, error.Reason);
    }

    [Fact]
    public void Unknown_odd_records_are_kept()
    {
        byte[] bytes = Convert.FromHexString(Header + "0301ff");

        var decoded = (TariffUpdate)MessageCodec.Decode(bytes).Message;

        Assert.Equal(300UL, decoded.ImportMsatPerWh);
        Assert.Equal(bytes, MessageCodec.Encode(decoded));
    }
}
