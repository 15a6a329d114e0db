namespace Microchannels.Channels.Tests.Engine.Persistence;

/// <summary>
/// Where the fields of <see cref="GoldenStates.Fresh"/> sit, version 1: the format spelled
/// out once, so malformed-input tests can damage one field at a time.
/// </summary>
internal static class FreshStateLayout
{
    public const int FormatMagic = 0;
    public const int FormatVersion = 1; // u16
    public const int ChannelId = 3; // 32 bytes
    public const int FundingOutPoint = 35; // txid 32, index u32
    public const int FundingAmount = 71; // u64 sat
    public const int LocalIsOpener = 79; // flag
    public const int LocalSide = 80; // dust u64, reserve u64, to_self_delay u16, 5 keys of 33
    public const int LocalFundingPubKey = 98;
    public const int RemoteSide = 263;
    public const int MeterReadingKey = 446;
    public const int LocalCommitNumber = 479; // number u64, spec, signature 64
    public const int LocalToLocal = 487; // spec: to_local u64, to_remote u64, feerate u32, HTLC count
    public const int LocalHtlcCount = 507;
    public const int LocalCommitSignature = 508;
    public const int RemoteCommitNumber = 572; // number u64, spec (21), txid 32, point 33
    public const int RemoteCommitPoint = 633;
    public const int LocalChangeCounts = 666; // three counts, all zero
    public const int RemoteChangeCounts = 669;
    public const int TransferIds = 672; // two u64
    public const int NextRemoteCommitFlag = 688;
    public const int RemoteNextPointFlag = 689; // then the point
    public const int SecretStoreLength = 723; // u16, then the store's own bytes
    public const int SecretStore = 725; // version, count, lowest index u64
    public const int LastLocalReadingFlag = 735;
    public const int LastRemoteReadingFlag = 736;
    public const int Length = 737;
}
