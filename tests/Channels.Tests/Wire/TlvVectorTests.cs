using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>BOLT 1, "Appendix B: Type-Length-Value Test Vectors", one row per vector and namespace.</summary>
public class TlvVectorTests
{
    public static TheoryData<string, string, bool, string, string> Streams => Bolt1Appendix.TlvStreams();

    /// <summary>
    /// Appendix B, "TLV Stream Decoding Failure": "Any appending of an invalid
    /// stream to a valid stream should trigger a decoding failure."
    /// Rows: (namespace, valid prefix hex, invalid suffix hex).
    /// </summary>
    public static TheoryData<string, string, string> ValidThenInvalid
    {
        get
        {
            var rows = new TheoryData<string, string, string>();
            var vectors = Bolt1Appendix.TlvVectors();
            foreach (string ns in new[] { "n1", "n2" })
            {
                var valid = vectors.Where(v => v.Valid && v.Namespaces.Contains(ns) && v.Hex.Length > 0).ToList();
                foreach (var invalid in vectors.Where(v => !v.Valid && v.Namespaces.Contains(ns)))
                {
                    foreach (var prefix in valid)
                    {
                        rows.Add(ns, prefix.Hex, invalid.Hex);
                    }
                }
            }

            return rows;
        }
    }

    /// <summary>
    /// Appendix B: "Any appending of a higher-numbered valid stream to a
    /// lower-numbered valid stream should not trigger a decoding failure."
    /// Rows: (namespace, lower hex, higher hex, expected combined values).
    /// </summary>
    public static TheoryData<string, string, string, string> LowerThenHigher
    {
        get
        {
            var rows = new TheoryData<string, string, string, string>();
            var vectors = Bolt1Appendix.TlvVectors();
            foreach (string ns in new[] { "n1", "n2" })
            {
                var tlvNamespace = VectorNamespaces.Named(ns);
                var valid = vectors.Where(v => v.Valid && v.Namespaces.Contains(ns) && v.Hex.Length > 0).ToList();
                foreach (var lower in valid)
                {
                    foreach (var higher in valid.Where(h => FirstType(h.Hex, tlvNamespace) > LastType(lower.Hex, tlvNamespace)))
                    {
                        rows.Add(ns, lower.Hex, higher.Hex, string.Join(' ', new[] { lower.Values, higher.Values }.Where(v => v.Length > 0)));
                    }
                }
            }

            return rows;
        }
    }

    [Fact]
    public void Appendix_B_is_read_completely()
    {
        var vectors = Bolt1Appendix.TlvVectors();
        Assert.Equal(57, vectors.Count);
        Assert.Equal(19, vectors.Count(v => v.Valid));
        Assert.Equal(12, vectors.Count(v => v.Values.Length > 0));
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void Stream_vector(string ns, string hex, bool valid, string values, string why)
    {
        var tlvNamespace = VectorNamespaces.Named(ns);
        byte[] bytes = Convert.FromHexString(hex);
        if (!valid)
        {
            var error = Assert.Throws<WireFormatException>(() => TlvStream.Decode(bytes, tlvNamespace));
            Assert.NotEqual(WireFormatReason.Unspecified, error.Reason);
            return;
        }

        var stream = TlvStream.Decode(bytes, tlvNamespace);
        Assert.Equal(values, VectorNamespaces.Describe(stream, tlvNamespace));
        Assert.Equal(hex, Convert.ToHexStringLower(stream.Encode()));
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Theory]
    [MemberData(nameof(ValidThenInvalid))]
    public void Valid_stream_followed_by_invalid_stream_fails(string ns, string validHex, string invalidHex)
    {
        byte[] bytes = Convert.FromHexString(validHex + invalidHex);
        Assert.Throws<WireFormatException>(() => TlvStream.Decode(bytes, VectorNamespaces.Named(ns)));
    }

    [Theory]
    [MemberData(nameof(LowerThenHigher))]
    public void Lower_valid_stream_followed_by_higher_valid_stream_decodes(string ns, string lowerHex, string higherHex, string values)
    {
        var tlvNamespace = VectorNamespaces.Named(ns);
        var stream = TlvStream.Decode(Convert.FromHexString(lowerHex + higherHex), tlvNamespace);
        Assert.Equal(values, VectorNamespaces.Describe(stream, tlvNamespace));
    }

    private static ulong FirstType(string hex, TlvNamespace tlvNamespace) =>
        TlvStream.Decode(Convert.FromHexString(hex), tlvNamespace).Records[0].Type;

    private static ulong LastType(string hex, TlvNamespace tlvNamespace) =>
        TlvStream.Decode(Convert.FromHexString(hex), tlvNamespace).Records[^1].Type;
}
