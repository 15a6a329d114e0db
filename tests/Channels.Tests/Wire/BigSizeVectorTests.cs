using System.Globalization;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>BOLT 1, "Appendix A: BigSize Test Vectors", one row per vector.</summary>
public class BigSizeVectorTests
{
    public static TheoryData<string, string, string, string> Decoding => Bolt1Appendix.BigSizeDecoding();

    public static TheoryData<string, string, string, string> Encoding => Bolt1Appendix.BigSizeEncoding();

    [Fact]
    public void Appendix_A_is_read_completely()
    {
        Assert.Equal(18, Decoding.Count);
        Assert.Equal(8, Encoding.Count);
    }

    [Theory]
    [MemberData(nameof(Decoding))]
    public void Decoding_vector(string name, string hex, string value, string expectedError)
    {
        byte[] bytes = Convert.FromHexString(hex);
        if (expectedError.Length == 0)
        {
            var reader = new WireReader(bytes);
            Assert.Equal(ulong.Parse(value, CultureInfo.InvariantCulture), reader.ReadBigSize());
            Assert.True(reader.IsAtEnd, name);
            return;
        }

        var error = Assert.Throws<WireFormatException>(() => new WireReader(bytes).ReadBigSize());
        var expectedReason = expectedError == "decoded bigsize is not canonical"
            ? WireFormatReason.NonMinimalBigSize
            : WireFormatReason.Truncated; // "EOF" and "unexpected EOF"
        Assert.Equal(expectedReason, error.Reason);
    }

    [Theory]
    [MemberData(nameof(Encoding))]
    public void Encoding_vector(string name, string hex, string value, string expectedError)
    {
        Assert.Equal(string.Empty, expectedError);
        ulong number = ulong.Parse(value, CultureInfo.InvariantCulture);
        var writer = new WireWriter();
        writer.WriteBigSize(number);
        Assert.Equal(hex, Convert.ToHexStringLower(writer.WrittenSpan));
        Assert.Equal(hex.Length / 2, WireWriter.BigSizeLength(number));
        Assert.False(string.IsNullOrEmpty(name));
    }
}
