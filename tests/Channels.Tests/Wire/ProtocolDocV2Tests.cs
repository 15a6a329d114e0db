using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Tests.Vectors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>
/// Holds docs/PROTOCOL.md's version-2 worked example ("The signed reading, version 2")
/// to the code: the preimage, hash, signature and whole message are what the code
/// produces from the example's values and key.
/// </summary>
public class ProtocolDocV2Tests
{
    /// <summary>The example's provider: BOLT 8's responder static key (ls.priv = 0x2121…21).</summary>
    public static readonly Point ProviderNodeId = Point.FromHex("028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7");

    /// <summary>docs/PROTOCOL.md's version-2 example: the version-1 example's payment, bound, chained to the version-1 example reading.</summary>
    public static MeterReading ExampleReading { get; } = MeterReading.V2(
        importWh: 1_234_567,
        pulseCount: 12_345_670,
        timestamp: 1_750_000_000,
        new ReadingBinding(
            ChainHash.Regtest,
            ProtocolDocTests.Example.ChannelId,
            ProviderNodeId,
            TransferId: 42,
            AmountMsat: new MilliSatoshis(1_500_000),
            ExportWh: 2_345,
            PreviousReadingHash: ProtocolDocTests.Example.MeterReading.Reading.SigningHash()));

    [Fact]
    public void The_example_provider_key_is_BOLT_8s_responder_key()
    {
        using var key = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x21, 32).ToArray());
        Assert.Equal(ProviderNodeId.ToHex(), Convert.ToHexStringLower(key.PublicKey.AsSpan()));
    }

    [Fact]
    public void Document_shows_the_v2_signing_preimage() =>
        Assert.Equal(Convert.ToHexStringLower(ExampleReading.SigningPreimage()), Block("v2_preimage"));

    [Fact]
    public void Document_shows_the_v2_signing_hash() =>
        Assert.Equal(ExampleReading.SigningHash().ToHex(), Block("v2_hash"));

    [Fact]
    public void Document_shows_the_v2_signature_the_example_key_makes()
    {
        using var meterKey = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x11, 32).ToArray());
        var signature = Convert.ToHexStringLower(meterKey.Sign(ExampleReading.SigningHash().AsSpan()).ToCompact());
        Assert.Equal(signature, Block("v2_signature"));
    }

    [Fact]
    public void Document_shows_the_v2_update_transfer()
    {
        var signed = new SignedMeterReading(ExampleReading, CompactSignature.FromHex(Block("v2_signature")));
        var message = new UpdateTransfer(ProtocolDocTests.Example.ChannelId, 42, new MilliSatoshis(1_500_000), signed);
        var encoded = MessageCodec.Encode(message);
        Assert.Equal(Convert.ToHexStringLower(encoded), Block("update_transfer_v2"));
        Assert.Equal(message, MessageCodec.Decode(encoded).Message);
    }

    [Fact]
    public void Document_states_the_v2_tag_type_and_length()
    {
        Assert.Contains($"\"{MeterReading.DomainTagV2}\"", ProtocolDocument.Text, StringComparison.Ordinal);
        Assert.Contains($"`length` = `0x{SignedMeterReading.EncodedLengthV2:x2}` ({SignedMeterReading.EncodedLengthV2})", ProtocolDocument.Text, StringComparison.Ordinal);
        Assert.Contains($"({MeterReading.FieldsLengthV2} bytes)", ProtocolDocument.Text, StringComparison.Ordinal);
        Assert.Contains($"1. type: {MessageTypes.StatementSignature} (`statement_signature`)", ProtocolDocument.Text, StringComparison.Ordinal);
        Assert.Contains($"`0x{MessageTypes.StatementSignature:x4}`", ProtocolDocument.Text, StringComparison.Ordinal);
    }

    private static string Block(string name) => ProtocolDocument.Block(name);
}
