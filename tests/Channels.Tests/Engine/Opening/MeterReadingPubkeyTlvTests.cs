using System.Text.RegularExpressions;
using Microchannels.Channels.Tests.Vectors;
using Microchannels.Channels.Tests.Wire;
using Microchannels.Channels.Wire;
namespace Microchannels.Channels.Tests.Engine.Opening;

/// <summary>
/// Our open_channel TLV record `meter_reading_pubkey` (docs/PROTOCOL.md): an odd
/// custom type (BOLT 1: 2^16 and up), a 33-byte `point`, optional on the wire.
/// </summary>
public partial class MeterReadingPubkeyTlvTests
{
    private const string ExampleKey = "034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa";

    [Fact]
    public void Type_is_odd_and_in_the_custom_range()
    {
        Assert.Equal(1UL, OpenChannel.MeterReadingPubkeyType % 2);
        Assert.True(OpenChannel.MeterReadingPubkeyType >= 1UL << 16);
    }

    [Fact]
    public void Record_is_bigsize_type_length_33_then_the_point()
    {
        var bare = MessageCodec.Encode(SampleMessages.OpenChannel);
        var withKey = MessageCodec.Encode(SampleMessages.OpenChannel with { MeterReadingPubkey = Point.FromHex(ExampleKey) });

        Assert.Equal(bare, withKey[..bare.Length]);
        Assert.Equal("fe3d6c7615" + "21" + ExampleKey, Convert.ToHexStringLower(withKey.AsSpan(bare.Length)));
    }

    [Fact]
    public void Document_shows_the_record_the_code_writes()
    {
        var bare = MessageCodec.Encode(SampleMessages.OpenChannel);
        var withKey = MessageCodec.Encode(SampleMessages.OpenChannel with { MeterReadingPubkey = Point.FromHex(ExampleKey) });
        string document = File.ReadAllText(RepositoryFile.Find("docs", "PROTOCOL.md"));

        Assert.Contains($"1. type: {OpenChannel.MeterReadingPubkeyType} (`meter_reading_pubkey`)", document, StringComparison.Ordinal);
        Assert.Contains($"`0x{OpenChannel.MeterReadingPubkeyType:x8}`", document, StringComparison.Ordinal);
        var block = Regex.Match(document, @"<!-- example:meter_reading_pubkey_tlv -->\s*```\s*\n(?<body>[0-9a-f\s]*?)```");
        Assert.True(block.Success);
        Assert.Equal(Convert.ToHexStringLower(withKey.AsSpan(bare.Length)), Whitespace().Replace(block.Groups["body"].Value, string.Empty));
    }

    [Fact]
    public void Absent_record_decodes_as_null()
    {
        var decoded = (OpenChannel)MessageCodec.Decode(MessageCodec.Encode(SampleMessages.OpenChannel)).Message;
        Assert.Null(decoded.MeterReadingPubkey);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(34)]
    [InlineData(0)]
    public void Record_of_the_wrong_length_fails_the_message(int length)
    {
        byte[] record = [0xfe, 0x3d, 0x6c, 0x76, 0x15, (byte)length, .. new byte[length]];
        byte[] message = [.. MessageCodec.Encode(SampleMessages.OpenChannel), .. record];

        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(message));

        Assert.Equal(WireFormatReason.InvalidTlvValue, error.Reason);
    }

    [Fact]
    public void Off_curve_point_survives_the_wire_for_the_channel_layer_to_reject()
    {
        // BOLT 1 `point` is 33 bytes; curve membership is the channel layer's check (InvalidOpenPointException).
        var decoded = (OpenChannel)MessageCodec.Decode(MessageCodec.Encode(SampleMessages.OpenChannel with { MeterReadingPubkey = ChannelReadyTests.NotAPoint })).Message;
        Assert.Equal(ChannelReadyTests.NotAPoint, decoded.MeterReadingPubkey);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
