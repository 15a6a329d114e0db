using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>
/// The n1 and n2 TLV namespaces of BOLT 1, "Appendix B". Each field decodes its
/// value into the text the appendix uses for "Values", e.g. "tlv1 amount_msat=1".
/// </summary>
internal static class VectorNamespaces
{
    public static TlvNamespace N1 { get; } = new(
        "n1",
        new VectorField(1, "tlv1", static (ref WireReader r) => $"amount_msat={r.ReadTu64()}"),
        new VectorField(2, "tlv2", static (ref WireReader r) => $"scid={r.ReadShortChannelId()}"),
        new VectorField(3, "tlv3", static (ref WireReader r) =>
        {
            var nodeId = r.ReadPoint();
            if (!nodeId.HasCompressedPrefix)
            {
                // Appendix B: "n1s node_id is not a valid point" must fail the stream.
                throw new WireFormatException(WireFormatReason.InvalidTlvValue, "node_id is not a compressed point.");
            }

            return $"node_id={nodeId} amount_msat_1={r.ReadU64()} amount_msat_2={r.ReadU64()}";
        }),
        new VectorField(254, "tlv4", static (ref WireReader r) => $"cltv_delta={r.ReadU16()}"));

    public static TlvNamespace N2 { get; } = new(
        "n2",
        new VectorField(0, "tlv1", static (ref WireReader r) => $"amount_msat={r.ReadTu64()}"),
        new VectorField(11, "tlv2", static (ref WireReader r) => $"cltv_expiry={r.ReadTu32()}"));

    public static TlvNamespace Named(string name) => name == "n1" ? N1 : N2;

    /// <summary>The known records of a decoded stream as Appendix B writes them, in stream order.</summary>
    public static string Describe(TlvStream stream, TlvNamespace tlvNamespace)
    {
        var known = tlvNamespace.Fields.OfType<VectorField>().ToDictionary(f => f.Type);
        return string.Join(' ', stream.Records
            .Where(r => known.ContainsKey(r.Type))
            .Select(r => known[r.Type].Describe(r.Value.Span)));
    }

    private sealed class VectorField(ulong type, string name, TlvValueReader<string> describe) : TlvField(type, name)
    {
        public string Describe(ReadOnlySpan<byte> value)
        {
            var reader = new WireReader(value);
            string text = describe(ref reader);
            reader.EnsureEnd();
            return $"{Name} {text}";
        }

        public override void Validate(ReadOnlySpan<byte> value) => Describe(value);
    }
}
