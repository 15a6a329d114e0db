using System.Globalization;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>
/// BOLT 1, "Appendix D: Signed Integers Test Vectors". Each vector is written in
/// the narrowest of s8/s16/s32/s64 that holds it; the byte count names the width.
/// </summary>
public class SignedIntegerVectorTests
{
    public static TheoryData<string, string> Vectors => Bolt1Appendix.SignedIntegers();

    [Fact]
    public void Appendix_D_is_read_completely() => Assert.Equal(23, Vectors.Count);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Signed_integer_vector(string value, string hex)
    {
        long expected = long.Parse(value, CultureInfo.InvariantCulture);
        byte[] bytes = Convert.FromHexString(hex);
        var reader = new WireReader(bytes);
        var writer = new WireWriter();
        switch (bytes.Length)
        {
            case 1:
                Assert.Equal(expected, reader.ReadS8());
                writer.WriteS8((sbyte)expected);
                break;
            case 2:
                Assert.Equal(expected, reader.ReadS16());
                writer.WriteS16((short)expected);
                break;
            case 4:
                Assert.Equal(expected, reader.ReadS32());
                writer.WriteS32((int)expected);
                break;
            default:
                Assert.Equal(8, bytes.Length);
                Assert.Equal(expected, reader.ReadS64());
                writer.WriteS64(expected);
                break;
        }

        Assert.True(reader.IsAtEnd);
        Assert.Equal(hex, Convert.ToHexStringLower(writer.WrittenSpan));
    }
}
