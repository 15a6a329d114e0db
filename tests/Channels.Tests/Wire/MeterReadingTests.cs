using System.Security.Cryptography;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>The signing preimage and hash of docs/PROTOCOL.md, "The signed reading".</summary>
public class MeterReadingTests
{
    [Fact]
    public void Preimage_is_the_domain_tag_then_three_big_endian_u64()
    {
        var reading = new MeterReading(0x0102030405060708, 0x1112131415161718, 0x2122232425262728);

        byte[] preimage = reading.SigningPreimage();

        Assert.Equal(30, MeterReading.DomainTag.Length);
        Assert.Equal("microchannels/meter-reading/v1"u8.ToArray(), preimage[..30]);
        Assert.Equal(Convert.FromHexString("0102030405060708" + "1112131415161718" + "2122232425262728"), preimage[30..]);
    }

    [Fact]
    public void Signing_hash_is_sha256_of_the_preimage()
    {
        var reading = new MeterReading(1_234_567, 12_345_670, 1_750_000_000);

        Assert.Equal(SHA256.HashData(reading.SigningPreimage()), reading.SigningHash().ToArray());
        Assert.Equal("5d4a57045779f229b4d0ecebfa7bb44db4f4757a8e6c230bb6ec0bb8b1db996b", reading.SigningHash().ToHex());
    }

    [Theory]
    [InlineData(1ul, 0ul, 0ul)]
    [InlineData(0ul, 1ul, 0ul)]
    [InlineData(0ul, 0ul, 1ul)]
    public void Every_field_changes_the_hash(ulong wh, ulong pulses, ulong timestamp)
    {
        var zero = new MeterReading(0, 0, 0);

        Assert.NotEqual(zero.SigningHash(), new MeterReading(wh, pulses, timestamp).SigningHash());
    }

    [Fact]
    public void Signed_reading_is_88_bytes_on_the_wire()
    {
        var writer = new WireWriter();
        SignedMeterReading.Write(writer, SampleMessages.Reading);

        Assert.Equal(SignedMeterReading.EncodedLength, writer.Length);
        var reader = new WireReader(writer.WrittenSpan);
        Assert.Equal(SampleMessages.Reading, SignedMeterReading.Read(ref reader));
        Assert.True(reader.IsAtEnd);
    }
}
