using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;

namespace Microchannels.Settlement.Rpc;

/// <summary>
/// <c>gettxout</c>: an unspent output. <see cref="Confirmations"/> is 0 for an
/// output of a mempool transaction. <see cref="Address"/> is null when the
/// script has no address.
/// </summary>
public sealed record TxOutInfo(
    BlockHash BestBlock,
    int Confirmations,
    Satoshis Value,
    Script ScriptPubKey,
    string ScriptType,
    string? Address,
    bool IsCoinbase)
{
    internal static TxOutInfo FromJson(RpcJson json)
    {
        RpcJson script = json.Property("scriptPubKey");
        return new TxOutInfo(
            json.Property("bestblock").BlockHash(),
            json.Property("confirmations").Int32(),
            json.Property("value").Btc(),
            script.Property("hex").Script(),
            script.Property("type").String(),
            script.OptionalProperty("address")?.String(),
            json.Property("coinbase").Bool());
    }
}
