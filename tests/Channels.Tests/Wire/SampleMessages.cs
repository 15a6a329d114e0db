using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>
/// One realistic instance of every message we know, several with TLV records.
/// Keys and signatures are taken from BOLT 3's test vectors so they are real
/// curve points and well-formed signatures.
/// </summary>
internal static class SampleMessages
{
    public static Point LocalFundingPubkey { get; } = Point.FromHex("023da092f6980e58d2c037173180e9a465476026ee50f96695963e8efe436f54eb");

    public static Point RemoteFundingPubkey { get; } = Point.FromHex("030e9f7b623d2ccc7c9bd44d66d5ce21ce504c0acf6385a132cec6d3c39fa711c1");

    public static Point RevocationBasepoint { get; } = Point.FromHex("02466d7fcae563e5cb09a0d1870bb580344804617879a14949cf22285f1bae3f27");

    public static Point PaymentBasepoint { get; } = Point.FromHex("034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa");

    public static Point DelayedPaymentBasepoint { get; } = Point.FromHex("023c72addb4fdf09af94f0c94d7fe92a386a7e70cf8a1d85916386bb2535c7b1b1");

    public static Point HtlcBasepoint { get; } = Point.FromHex("032c0b7cf95324a07d05398b240174dc0c2be444d96b159aa6c7f7b1e668680991");

    public static Point PerCommitmentPoint { get; } = Point.FromHex("025f7117a78150fe2ef97db7cfc83bd57b2e2c0d0dd25eaf467a4a1c2a45ce1486");

    /// <summary>r || s of BOLT 3's first `remote_signature`.</summary>
    public static CompactSignature Signature { get; } = CompactSignature.FromHex(
        "c3127b33dcc741dd6b05b1e63cbd1a9a7d816f37af9b6756fa2376b056f03237" +
        "408b96279808fe57eb7e463710804cdf4f108388bc5cf722d8c848d2c7f9f3b0");

    public static CompactSignature HtlcSignature { get; } = CompactSignature.FromHex(
        "d9e29616b8f3959f1d3d7f7ce893ffedcdc407717d0de8e37d808c91d3a7c50d" +
        "78c3033f6d00095c8720a4bc943c1b45727818c082e4e3ddbc6d3116435b624b");

    public static Sha256Hash FundingTxid { get; } = Sha256Hash.FromHex("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be");

    public static ChannelId TemporaryChannelId { get; } = ChannelId.FromHex("4bc9f5f1a5d93c6e0b2d1d54ad5f30c0f5bba69ab43a7c1ef8ad0f6ce4e7a0c1");

    /// <summary>An example channel_id (32 bytes; BOLT 2 derives it from the funding outpoint).</summary>
    public static ChannelId ChannelId { get; } = ChannelId.FromHex("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be");

    public static Secret PerCommitmentSecret { get; } = Secret.FromHex("7cc854b54e3e0dcdb010d7a3fee464a9687be6e8db3be6854c475621e007a5dc");

    /// <summary>A P2WPKH scriptpubkey: OP_0, a 20-byte push.</summary>
    public static ByteVector ShutdownScript { get; } = ByteVector.FromHex("0014ccf1af2f2aabee14bb40fa3851ab2301de843110");

    public static SignedMeterReading Reading { get; } = new(new MeterReading(1_234_567, 12_345_670, 1_750_000_000), Signature);

    public static OpenChannel OpenChannel { get; } = new(
        ChainHash.Regtest, TemporaryChannelId, 1_000_000, new MilliSatoshis(0), 546, new MilliSatoshis(990_000_000),
        10_000, new MilliSatoshis(1_000), 2_500, 144, 30, LocalFundingPubkey, RevocationBasepoint, PaymentBasepoint,
        DelayedPaymentBasepoint, HtlcBasepoint, PerCommitmentPoint, 0);

    public static AcceptChannel AcceptChannel { get; } = new(
        TemporaryChannelId, 546, new MilliSatoshis(990_000_000), 10_000, new MilliSatoshis(1_000), 3, 144, 30,
        RemoteFundingPubkey, RevocationBasepoint, PaymentBasepoint, DelayedPaymentBasepoint, HtlcBasepoint, PerCommitmentPoint);

    /// <summary>Every message type we know, with and without its TLV records.</summary>
    public static IReadOnlyList<LightningMessage> All { get; } =
    [
        new Warning(ChannelId, new ByteVector("fee too low"u8)),
        new Warning(ChannelId.All, ByteVector.Empty),
        new Init(FeatureBits.Empty, Features.LocalDefault),
        new Init(FeatureBits.FromBits(13), Features.LocalDefault)
        {
            Networks = new ValueList<ChainHash>(ChainHash.Regtest, ChainHash.Bitcoin),
            RemoteAddress = ByteVector.FromHex("017f0000012607"),
        },
        new Error(ChannelId, new ByteVector("invalid commitment signature"u8)),
        new Error(ChannelId.All, ByteVector.Empty),
        new Ping(64, new ByteVector(new byte[16])),
        new Ping(Ping.NoReplyThreshold, ByteVector.Empty),
        new Pong(new ByteVector(new byte[64])),
        OpenChannel,
        OpenChannel with { UpfrontShutdownScript = ByteVector.Empty, ChannelType = FeatureBits.FromBits(12) },
        OpenChannel with { UpfrontShutdownScript = ShutdownScript, ChannelType = FeatureBits.FromBits(12, 46), ChannelFlags = 1 },
        OpenChannel with { UpfrontShutdownScript = ByteVector.Empty, ChannelType = FeatureBits.FromBits(12), MeterReadingPubkey = PaymentBasepoint },
        OpenChannel with { MeterReadingPubkey = PaymentBasepoint },
        AcceptChannel,
        AcceptChannel with { UpfrontShutdownScript = ShutdownScript, ChannelType = FeatureBits.FromBits(12) },
        new FundingCreated(TemporaryChannelId, FundingTxid, 0, Signature),
        new FundingSigned(ChannelId, Signature),
        new ChannelReady(ChannelId, PerCommitmentPoint),
        new ChannelReady(ChannelId, PerCommitmentPoint) { ShortChannelIdAlias = ShortChannelId.FromParts(16_000_001, 7, 1) },
        new Shutdown(ChannelId, ShutdownScript),
        new ClosingSigned(ChannelId, 7_336, Signature),
        new ClosingSigned(ChannelId, 7_336, Signature) { FeeRange = new ClosingFeeRange(3_668, 14_672) },
        new CommitmentSigned(ChannelId, Signature, ValueList<CompactSignature>.Empty),
        new CommitmentSigned(ChannelId, Signature, new ValueList<CompactSignature>(HtlcSignature, Signature, HtlcSignature))
        {
            FundingTxid = FundingTxid,
        },
        new RevokeAndAck(ChannelId, PerCommitmentSecret, PerCommitmentPoint),
        new UpdateFee(ChannelId, 253),
        new ChannelReestablish(ChannelId, 1, 0, Secret.Zero, PerCommitmentPoint),
        new ChannelReestablish(ChannelId, 281_474_976_710_655, 42, PerCommitmentSecret, PerCommitmentPoint),
        new UpdateTransfer(ChannelId, 0, new MilliSatoshis(1_500_000), Reading),
        new UpdateTransfer(ChannelId, ulong.MaxValue, new MilliSatoshis(MilliSatoshis.MaxMoney), Reading),
        new StatementSignature(ChannelId, 1_750_000_000, 1_750_003_600, 720, FundingTxid, Signature),
        new TariffUpdate(ChannelId, 300, null, ValueList<TariffPeriod>.Empty, null),
        new TariffUpdate(ChannelId, 300, 80, new ValueList<TariffPeriod>(new TariffPeriod(0x3e, 420, 1320, 450), new TariffPeriod(0x41, 0, 1440, 200)), "Europe/Berlin"),
    ];

    public static TheoryData<string, int> Rows()
    {
        var rows = new TheoryData<string, int>();
        for (int i = 0; i < All.Count; i++)
        {
            rows.Add(MessageTypes.NameOf(All[i].Type)!, i);
        }

        return rows;
    }
}
