using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Settlement.Rpc;

/// <summary>
/// One entry of <c>testmempoolaccept</c>, in the order the transactions were
/// given. <see cref="Allowed"/> is null when bitcoind did not fully validate this
/// transaction because another one in the package failed; when false,
/// <see cref="RejectReason"/> holds bitcoind's reason verbatim (e.g.
/// "mempool-script-verify-flag-failed (...)", "bad-txns-inputs-missingorspent").
/// Size and fees are present only when allowed.
/// </summary>
public sealed record MempoolAcceptResult(
    TxId TxId,
    TxId WitnessTxId,
    bool? Allowed,
    string? RejectReason,
    string? RejectDetails,
    string? PackageError,
    int? VirtualSize,
    Satoshis? BaseFee)
{
    internal static MempoolAcceptResult FromJson(RpcJson json) => new(
        json.Property("txid").TxId(),
        json.Property("wtxid").TxId(),
        json.OptionalProperty("allowed")?.Bool(),
        json.OptionalProperty("reject-reason")?.String(),
        json.OptionalProperty("reject-details")?.String(),
        json.OptionalProperty("package-error")?.String(),
        json.OptionalProperty("vsize")?.Int32(),
        json.OptionalProperty("fees")?.Property("base").Btc());
}
