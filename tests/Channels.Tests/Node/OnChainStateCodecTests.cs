using System.Buffers.Binary;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Tests.Engine;
using Microchannels.Channels.Tests.Engine.OnChain;

namespace Microchannels.Channels.Tests.Node;

/// <summary>
/// The stored forms of the BOLT 5 phases (tags 20 and 21): real records from closes run
/// through the state machine, a frozen encoding of <see cref="OnChainCloseCodec"/>, and one
/// test per malformed field.
/// </summary>
public class OnChainStateCodecTests
{
    /// <summary>
    /// Frozen bytes of <see cref="Frozen"/>, format version 1 (286 bytes): version, kind 2
    /// (local commitment), the spending transaction, claim flag and claim, delay 144, depths
    /// 150 and 7, two outputs. Never edit to make a test pass: a difference means stored
    /// closes would be read differently.
    /// </summary>
    private const string FrozenHex = """
        01020000005202000000012514e1475addffb378fdb07e9a1092176c09dbfbd129ebcaacd0099818d2534c01000000000100008001701101
        0000000000160014111111111111111111111111111111111111111102000020010000005b020000000001015f3450f3bf4f959e8fe64c93
        ecc7d1cd2895ecec6280fcccc694a18c4cd35c9000000000009000000001880d010000000000160014111111111111111111111111111111
        111111111103020102000151000000000000009000000096000000070002d451fc366776b4af1dde53e10cb82a4cedb7ccc7a85827c3f4ab
        421b5b0f7c1e000000000000000000010d885f3450f3bf4f959e8fe64c93ecc7d1cd2895ecec6280fcccc694a18c4cd35c90000000010000
        000000000001
        """;

    /// <summary>
    /// Frozen bytes of <see cref="FrozenVersion2"/>: <see cref="Frozen"/> with its claim's fees and
    /// schedule and one replaced version (format version 2, issue 14). Never edit to make a test pass.
    /// </summary>
    private const string FrozenVersion2Hex = """
        02020000005202000000012514e1475addffb378fdb07e9a1092176c09dbfbd129ebcaacd0099818d2534c01000000000100008001701101
        0000000000160014111111111111111111111111111111111111111102000020010000005b020000000001015f3450f3bf4f959e8fe64c93
        ecc7d1cd2895ecec6280fcccc694a18c4cd35c9000000000009000000001880d010000000000160014111111111111111111111111111111
        111111111103020102000151000000000000009000000096000000070002d451fc366776b4af1dde53e10cb82a4cedb7ccc7a85827c3f4ab
        421b5b0f7c1e000000000000000000010d885f3450f3bf4f959e8fe64c93ecc7d1cd2895ecec6280fcccc694a18c4cd35c90000000010000
        00000000000101000007d000000000000003e8000001f4000003e8000005dc00002710000000fd000000900000012000010000005b020000
        000001015f3450f3bf4f959e8fe64c93ecc7d1cd2895ecec6280fcccc694a18c4cd35c90000000000090000000017c0f0100000000001600
        1411111111111111111111111111111111111111110302010200015100000000
        """;

    private static readonly Script Ours = StandardScripts.PayToWitnessPubKeyHash(Enumerable.Repeat((byte)0x11, 20).ToArray());

    [Fact]
    public void Every_kind_of_close_round_trips_byte_for_byte_through_the_store()
    {
        foreach (var state in RealStates())
        {
            var record = ChannelStateCodec.Encode(state);
            var decoded = ChannelStateCodec.Decode(record);
            Assert.Equal(state.GetType(), decoded.GetType());
            Assert.Equal(record, ChannelStateCodec.Encode(decoded));
            Assert.Equal(Close(state), Close(decoded));
        }
    }

    [Fact]
    public void The_phase_tags_are_20_and_21()
    {
        var states = RealStates().ToList();
        Assert.Equal(20, ChannelStateCodec.Encode(states.First(s => s is ChannelState.ClosingOnChain))[2]);
        Assert.Equal(21, ChannelStateCodec.Encode(states.First(s => s is ChannelState.Closed))[2]);
    }

    [Fact]
    public void The_close_encodes_to_the_frozen_bytes()
    {
        Assert.Equal(FrozenHex.ReplaceLineEndings(string.Empty), Convert.ToHexStringLower(OnChainCloseCodec.Encode(Frozen())));
    }

    [Fact]
    public void The_frozen_bytes_decode_to_the_close()
    {
        Assert.Equal(Frozen(), OnChainCloseCodec.Decode(Convert.FromHexString(FrozenHex.ReplaceLineEndings(string.Empty))));
    }

    [Fact]
    public void A_bumped_close_encodes_to_the_frozen_version_2_bytes_and_back()
    {
        Assert.Equal(FrozenVersion2Hex.ReplaceLineEndings(string.Empty), Convert.ToHexStringLower(OnChainCloseCodec.Encode(FrozenVersion2())));
        Assert.Equal(FrozenVersion2(), OnChainCloseCodec.Decode(Convert.FromHexString(FrozenVersion2Hex.ReplaceLineEndings(string.Empty))));
    }

    [Fact]
    public void A_close_without_fees_is_still_written_as_version_1()
    {
        Assert.Equal(1, OnChainCloseCodec.Encode(Frozen())[0]);
        Assert.Equal(2, OnChainCloseCodec.Encode(FrozenVersion2())[0]);
    }

    [Fact]
    public void A_claim_weight_of_zero_is_refused()
    {
        var bytes = OnChainCloseCodec.Encode(FrozenVersion2());
        int weight = FrozenBytes().Length + 1 + 4 + 8;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(weight), 0);
        AssertReason(ChannelStateFormatReason.ValueOutOfRange, bytes);
    }

    [Fact]
    public void A_replaced_claim_count_beyond_the_bytes_is_refused()
    {
        var bytes = OnChainCloseCodec.Encode(FrozenVersion2());
        int count = FrozenBytes().Length + 1 + 4 + 8 + (4 * 7);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(count), 500);
        AssertReason(ChannelStateFormatReason.CountExceedsInput, bytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void An_unknown_spend_kind_is_refused(byte kind)
    {
        var bytes = FrozenBytes();
        bytes[1] = kind;
        AssertReason(ChannelStateFormatReason.InvalidFlag, bytes);
    }

    [Fact]
    public void An_unknown_version_is_refused()
    {
        var bytes = FrozenBytes();
        bytes[0] = 3;
        AssertReason(ChannelStateFormatReason.UnsupportedVersion, bytes);
    }

    [Fact]
    public void A_claim_flag_other_than_0_or_1_is_refused()
    {
        var bytes = FrozenBytes();
        bytes[ClaimFlag(bytes)] = 2;
        AssertReason(ChannelStateFormatReason.InvalidFlag, bytes);
    }

    [Fact]
    public void An_output_count_beyond_the_bytes_is_refused()
    {
        var bytes = FrozenBytes();
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(OutputCount(bytes)), 3);
        AssertReason(ChannelStateFormatReason.CountExceedsInput, bytes);
    }

    [Fact]
    public void A_transaction_length_beyond_the_bytes_is_refused()
    {
        var bytes = FrozenBytes();
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(2), uint.MaxValue);
        AssertReason(ChannelStateFormatReason.CountExceedsInput, bytes);
    }

    [Fact]
    public void An_amount_beyond_21_million_bitcoin_is_refused()
    {
        var bytes = FrozenBytes();
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(bytes.Length - 8), (ulong)Satoshis.MaxMoney.Value + 1);
        AssertReason(ChannelStateFormatReason.ValueOutOfRange, bytes);
    }

    [Fact]
    public void A_malformed_spending_transaction_is_refused()
    {
        var bytes = FrozenBytes();
        bytes.AsSpan(10, 3).Fill(0xff); // the spending transaction's input count: 0xff, then an absurd 8-byte count
        Assert.Throws<ChannelStateFormatException>(() => OnChainCloseCodec.Decode(bytes));
    }

    [Fact]
    public void A_cut_off_close_is_refused()
    {
        var bytes = FrozenBytes();
        AssertReason(ChannelStateFormatReason.Truncated, bytes[..(OutputCount(bytes) - 6)]); // inside the depths
    }

    [Fact]
    public void Trailing_bytes_are_refused()
    {
        AssertReason(ChannelStateFormatReason.TrailingBytes, [.. FrozenBytes(), 0]);
    }

    [Fact]
    public void A_damaged_byte_in_a_stored_close_fails_the_checksum()
    {
        var record = ChannelStateCodec.Encode(RealStates().First(s => s is ChannelState.ClosingOnChain));
        record[^10] ^= 0x01;
        Assert.Throws<ChannelStateFormatException>(() => ChannelStateCodec.Decode(record));
    }

    /// <summary>A hand-made close with every field set: a claim, two outputs, both depths.</summary>
    internal static OnChainClose Frozen()
    {
        var funding = new OutPoint(new TxId(Hashes.Sha256("funding"u8)), 1);
        var spending = new Transaction(2, [new TxIn(funding, Script.Empty, 0x80000001, Witness.Empty)], [new TxOut(new Satoshis(70_000), Ours)], 0x20000002);
        var claim = new Transaction(2, [new TxIn(new OutPoint(spending.GetTxId(), 0), Script.Empty, 144, new Witness([0x01, 0x02], [], [0x51]))], [new TxOut(new Satoshis(69_000), Ours)], 0);
        return new OnChainClose(
            FundingSpendKind.LocalCommitment,
            spending,
            claim,
            144,
            [new ResolvedOutput(new OutPoint(claim.GetTxId(), 0), new Satoshis(69_000)), new ResolvedOutput(new OutPoint(spending.GetTxId(), 1), new Satoshis(1))],
            150,
            7);
    }

    /// <summary><see cref="Frozen"/> with fees, a schedule and one earlier version of its claim.</summary>
    internal static OnChainClose FrozenVersion2()
    {
        var close = Frozen();
        var earlier = close.Claim! with { Outputs = [new TxOut(new Satoshis(69_500), Ours)] };
        var fees = new ClaimFees(new FeeratePerKw(2_000), new Satoshis(1_000), 500, new FeeratePerKw(1_000), new FeeratePerKw(1_500), new FeeratePerKw(10_000), new FeeratePerKw(253), 144, 288);
        return close with { Fees = fees, ReplacedClaims = [earlier] };
    }

    private static IEnumerable<ChannelState> RealStates()
    {
        using var pair = OnChainScenario.Streamed();
        var meter = new OnChainSide(pair, IsMeter: true);
        var provider = new OnChainSide(pair, IsMeter: false);
        var revoked = meter.PeerCommitment();
        pair.MeterPays(7_000_000);
        pair.Settle();

        var punishing = meter.Spend(revoked).State;
        var sweeping = meter.Confirm(meter.Spend(meter.OurCommitment()).State, meter.OurCommitment(), 12).State;
        var remote = provider.Spend(provider.PeerCommitment()).State;
        var closed = provider.Confirm(remote, provider.PeerCommitment(), 100).State;
        return [punishing, sweeping, remote, closed];
    }

    private static OnChainClose Close(ChannelState state) => state switch
    {
        ChannelState.ClosingOnChain c => c.Close,
        ChannelState.Closed c => c.Close,
        _ => throw new InvalidOperationException(),
    };

    private static byte[] FrozenBytes() => OnChainCloseCodec.Encode(Frozen());

    private static int SkipBlob(byte[] bytes, int at) => at + 4 + (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));

    private static int ClaimFlag(byte[] bytes) => SkipBlob(bytes, 2);

    private static int OutputCount(byte[] bytes) => SkipBlob(bytes, ClaimFlag(bytes) + 1) + 12;

    private static void AssertReason(ChannelStateFormatReason reason, byte[] bytes)
    {
        var e = Assert.Throws<ChannelStateFormatException>(() => OnChainCloseCodec.Decode(bytes));
        Assert.Equal(reason, e.Reason);
    }
}
