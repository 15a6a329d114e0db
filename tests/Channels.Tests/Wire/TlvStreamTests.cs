using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>Building, querying and re-encoding TLV streams (BOLT 1, "Type-Length-Value Format").</summary>
public class TlvStreamTests
{
    private static readonly TlvNamespace Empty = new("test_tlvs");

    [Fact]
    public void Records_are_sorted_and_written_minimally()
    {
        var stream = new TlvStream([new TlvRecord(0x10000, [1]), new TlvRecord(253, [])]);

        Assert.Equal("fd00fd00" + "fe000100000101", Convert.ToHexStringLower(stream.Encode()));
        Assert.Equal([253ul, 0x10000ul], stream.Records.Select(r => r.Type));
    }

    [Fact]
    public void Same_type_twice_is_a_caller_error() =>
        Assert.Throws<ArgumentException>(() => new TlvStream([new TlvRecord(1, []), new TlvRecord(1, [2])]));

    [Fact]
    public void TryGet_finds_records_by_type()
    {
        var stream = TlvStream.Decode(Convert.FromHexString("0100" + "0301aa" + "0502bbcc"), Empty);

        Assert.True(stream.TryGet(3, out var record));
        Assert.Equal("aa", record.Value.ToHex());
        Assert.False(stream.TryGet(4, out _));
        Assert.Equal(3, stream.Count);
    }

    [Fact]
    public void Decoded_values_do_not_alias_the_input()
    {
        byte[] bytes = Convert.FromHexString("0301aa");
        var stream = TlvStream.Decode(bytes, Empty);
        bytes[2] = 0xbb;

        Assert.Equal("aa", stream.Records[0].Value.ToHex());
    }

    [Fact]
    public void Known_record_with_wrong_length_is_invalid()
    {
        var field = new TlvField<ulong>(2, "u64", static (ref WireReader r) => r.ReadU64(), static (w, v) => w.WriteU64(v));
        var ns = new TlvNamespace("test_tlvs", field);

        var error = Assert.Throws<WireFormatException>(() => TlvStream.Decode(Convert.FromHexString("0207" + "01020304050607"), ns));

        Assert.Equal(WireFormatReason.InvalidTlvValue, error.Reason);
        Assert.Equal(7ul, TlvStream.Decode(Convert.FromHexString("02080000000000000007"), ns).FindValue(field));
    }

    [Fact]
    public void Namespace_rejects_a_type_declared_twice() =>
        Assert.Throws<ArgumentException>(() => new TlvNamespace("twice", TlvField.Bytes(1, "a"), TlvField.Bytes(1, "b")));

    [Fact]
    public void Largest_type_decodes()
    {
        var stream = TlvStream.Decode(Convert.FromHexString("ffffffffffffffffff00"), Empty);

        Assert.Equal(ulong.MaxValue, stream.Records[0].Type);
    }
}
