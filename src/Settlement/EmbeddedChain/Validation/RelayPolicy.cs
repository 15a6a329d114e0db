namespace Microchannels.EmbeddedChain.Validation;

/// <summary>
/// The node's relay policy, as bitcoind v30's options set it; every rate is in satoshis per
/// 1000 virtual bytes, as its command line takes them (in BTC/kvB there).
/// </summary>
public sealed record RelayPolicy
{
    /// <summary><c>-minrelaytxfee</c> (v30 default 0.000001 BTC/kvB): below it a transaction is "min relay fee not met".</summary>
    public long MinRelayFeeRate { get; init; } = 100;

    /// <summary><c>-incrementalrelayfee</c>: what a replacement must add per vbyte over what it replaces (BIP 125 rule 4).</summary>
    public long IncrementalRelayFeeRate { get; init; } = 100;

    /// <summary><c>-dustrelayfee</c>: an output worth less than spending it costs at this rate is "dust".</summary>
    public long DustRelayFeeRate { get; init; } = 3000;

    /// <summary><c>-blockmintxfee</c>: the mining code leaves out transactions below it.</summary>
    public long BlockMinFeeRate { get; init; } = 1;

    /// <summary>sendrawtransaction's and testmempoolaccept's default <c>maxfeerate</c> (0.10 BTC/kvB).</summary>
    public long DefaultMaxFeeRate { get; init; } = 10_000_000;
}
