using System.Buffers.Binary;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Tests.Engine.StateMachine;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Node;

/// <summary>
/// The stored forms of the cooperative-close phases (tags 4-6): real records from a
/// close run through the state machine, and one test per malformed field.
/// </summary>
public class ClosingStateCodecTests
{
    private static readonly Lazy<IReadOnlyList<byte[]>> Records = new(() =>
    {
        using var pair = CooperativeCloseTests.Streamed();
        pair.Meter.Input(new ChannelInput.CooperativeClose(null, ClosingFeerates.Around(new FeeratePerKw(500))));
        pair.Pump();
        return pair.Meter.StoredRecords;
    });

    [Fact]
    public void Each_closing_phase_round_trips_byte_for_byte()
    {
        foreach (var record in new[] { Record<ChannelState.ShuttingDown>(), Record<ChannelState.Negotiating>(), Record<ChannelState.MutualClose>() })
        {
            var decoded = ChannelStateCodec.Decode(record);
            Assert.Equal(record, ChannelStateCodec.Encode(decoded));
        }
    }

    [Fact]
    public void A_restored_closing_phase_is_disconnected()
    {
        Assert.Equal(ConnectionPhase.Disconnected, Assert.IsType<ChannelState.ShuttingDown>(ChannelStateCodec.Decode(Record<ChannelState.ShuttingDown>())).Connection);
        Assert.Equal(ConnectionPhase.Disconnected, Assert.IsType<ChannelState.Negotiating>(ChannelStateCodec.Decode(Record<ChannelState.Negotiating>())).Connection);
    }

    [Fact]
    public void A_damaged_byte_fails_the_checksum()
    {
        var record = Record<ChannelState.Negotiating>();
        record[^10] ^= 0x01;
        Assert.Throws<ChannelStateFormatException>(() => ChannelStateCodec.Decode(record));
    }

    [Fact]
    public void Unknown_shutdown_flags_are_refused()
    {
        var body = Body(Record<ChannelState.ShuttingDown>());
        body[AfterCommitments(body)] = 4;
        AssertReason(ChannelStateFormatReason.InvalidFlag, body);
    }

    [Fact]
    public void A_presence_byte_other_than_0_or_1_is_refused()
    {
        var body = Body(Record<ChannelState.ShuttingDown>());
        body[AfterCommitments(body) + 1] = 2;
        AssertReason(ChannelStateFormatReason.InvalidFlag, body);
    }

    [Fact]
    public void Closing_feerates_out_of_order_are_refused()
    {
        var body = Body(Record<ChannelState.ShuttingDown>());

        // The feerates end the record: preferred, minimum, maximum. A minimum above the preferred is impossible.
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(body.Length - 8), uint.MaxValue);
        AssertReason(ChannelStateFormatReason.ValueOutOfRange, body);
    }

    [Fact]
    public void An_empty_closing_fee_range_is_refused()
    {
        var body = Body(Record<ChannelState.Negotiating>());
        int fees = SkipBlob(body, SkipBlob(body, AfterCommitments(body)));
        BinaryPrimitives.WriteUInt64BigEndian(body.AsSpan(fees + 8), ulong.MaxValue);
        AssertReason(ChannelStateFormatReason.ValueOutOfRange, body);
    }

    [Fact]
    public void A_last_sent_message_that_is_not_closing_signed_is_refused()
    {
        var body = Body(Record<ChannelState.Negotiating>());
        int flag = SkipBlob(body, SkipBlob(body, AfterCommitments(body))) + 24;
        Assert.Equal(1, body[flag]);
        int end = SkipBlob(body, flag + 1);
        var decoded = (ChannelState.Negotiating)ChannelStateCodec.Decode(Record<ChannelState.Negotiating>());
        var shutdown = MessageCodec.Encode(new Shutdown(decoded.ChannelId, new ByteVector(decoded.Negotiation.LocalScript.AsSpan())));
        var replaced = body[..(flag + 1)].Concat(Length(shutdown)).Concat(shutdown).Concat(body[end..]).ToArray();
        AssertReason(ChannelStateFormatReason.UnknownFormat, replaced);
    }

    [Fact]
    public void A_malformed_closing_transaction_is_refused()
    {
        var body = Body(Record<ChannelState.MutualClose>());
        int tx = AfterCommitments(body) + 4;
        body.AsSpan(tx, body.Length - tx).Fill(0xff);
        Assert.Throws<ChannelStateFormatException>(() => ChannelStateCodec.Decode(Seal(body)));
    }

    [Fact]
    public void A_cut_off_record_is_refused()
    {
        var body = Body(Record<ChannelState.Negotiating>());
        AssertReason(ChannelStateFormatReason.Truncated, body[..^1]);
    }

    [Fact]
    public void An_unknown_phase_tag_is_refused()
    {
        var body = Body(Record<ChannelState.MutualClose>());
        body[2] = 7;
        AssertReason(ChannelStateFormatReason.UnknownFormat, body);
    }

    private static byte[] Record<T>() where T : ChannelState =>
        Records.Value.Last(r => ChannelStateCodec.Decode(r) is T).ToArray();

    private static byte[] Body(byte[] record) => record[..^4];

    private static byte[] Seal(byte[] body) => [.. body, .. Hashes.Sha256(body).AsSpan(0, 4)];

    private static int AfterCommitments(byte[] body) => SkipBlob(body, 3);

    private static int SkipBlob(byte[] body, int at) => at + 4 + (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(at));

    private static byte[] Length(byte[] blob)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)blob.Length);
        return length;
    }

    private static void AssertReason(ChannelStateFormatReason reason, byte[] body)
    {
        var e = Assert.Throws<ChannelStateFormatException>(() => ChannelStateCodec.Decode(Seal(body)));
        Assert.Equal(reason, e.Reason);
    }
}
