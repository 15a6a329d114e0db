using Microchannels.Channels.Tests.Vectors;
using Microchannels.Channels.Wire;
namespace Microchannels.Channels.Tests.Wire;

/// <summary>
/// Holds docs/PROTOCOL.md to the code: the worked example's hex, the type number
/// and the feature bits must be what the code produces.
/// </summary>
public class ProtocolDocTests
{
    public const string ExpectedUpdateTransferHex =
        "a085" +
        "8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be" +
        "000000000000002a" +
        "000000000016e360" +
        "0058" +
        "000000000012d687" + "0000000000bc6146" + "00000000684ee180" +
        "4fb8e4b84f2527303d152978709c96caf9411bc44d4aa8b229f542a8ddfcfef0" +
        "07f57ea5c2096a5d4f87ed58c55f19798f45c15ea2c5730f47ff5759f371f441";

    /// <summary>The example of docs/PROTOCOL.md, "Worked example".</summary>
    public static UpdateTransfer Example { get; } = new(
        ChannelId.FromHex("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be"),
        42,
        new MilliSatoshis(1_500_000),
        new SignedMeterReading(
            new MeterReading(CumulativeWh: 1_234_567, PulseCount: 12_345_670, Timestamp: 1_750_000_000),
            CompactSignature.FromHex(
                "4fb8e4b84f2527303d152978709c96caf9411bc44d4aa8b229f542a8ddfcfef0" +
                "07f57ea5c2096a5d4f87ed58c55f19798f45c15ea2c5730f47ff5759f371f441")));

    [Fact]
    public void Code_encodes_the_worked_example_exactly()
    {
        Assert.Equal(ExpectedUpdateTransferHex, Convert.ToHexStringLower(MessageCodec.Encode(Example)));
        Assert.Equal(140, MessageCodec.Encode(Example).Length);
        Assert.Equal(Example, MessageCodec.Decode(Convert.FromHexString(ExpectedUpdateTransferHex)).Message);
    }

    [Fact]
    public void Document_shows_the_encoded_message() =>
        Assert.Equal(ExpectedUpdateTransferHex, Block("update_transfer"));

    [Fact]
    public void Document_shows_the_signing_preimage() =>
        Assert.Equal(Convert.ToHexStringLower(Example.MeterReading.Reading.SigningPreimage()), Block("preimage"));

    [Fact]
    public void Document_shows_the_signing_hash() =>
        Assert.Equal(Example.MeterReading.Reading.SigningHash().ToHex(), Block("hash"));

    [Fact]
    public void Document_shows_the_signature() =>
        Assert.Equal(Example.MeterReading.Signature.ToHex(), Block("signature"));

    [Fact]
    public void Document_states_the_type_number_feature_bits_and_domain_tag()
    {
        Assert.Contains($"1. type: {MessageTypes.UpdateTransfer} (`update_transfer`)", ProtocolDocument.Text, StringComparison.Ordinal);
        Assert.Contains($"`0x{MessageTypes.UpdateTransfer:x4}`", ProtocolDocument.Text, StringComparison.Ordinal);
        var feature = Features.StreamedTransfer;
        Assert.Contains($"| {feature.RequiredBit}/{feature.OptionalBit} | `{feature.Name}`", ProtocolDocument.Text, StringComparison.Ordinal);
        Assert.Contains($"\"{MeterReading.DomainTag}\"", ProtocolDocument.Text, StringComparison.Ordinal);
        Assert.Contains($"`length` = `0x{SignedMeterReading.EncodedLength:x2}` ({SignedMeterReading.EncodedLength})", ProtocolDocument.Text, StringComparison.Ordinal);
    }

    private static string Block(string name) => ProtocolDocument.Block(name);
}
