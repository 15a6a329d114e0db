using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Settlement.Rpc;

/// <summary>One entry of the wallet's <c>listunspent</c>.</summary>
public sealed record UnspentOutput(
    OutPoint OutPoint,
    string? Address,
    Satoshis Amount,
    Script ScriptPubKey,
    int Confirmations,
    bool Spendable,
    bool Solvable,
    bool Safe)
{
    internal static UnspentOutput FromJson(RpcJson json)
    {
        long vout = json.Property("vout").Int64();
        if (vout is < 0 or > uint.MaxValue)
        {
            throw json.Fail($"has vout {vout}, outside 32 bits");
        }

        return new UnspentOutput(
            new OutPoint(json.Property("txid").TxId(), (uint)vout),
            json.OptionalProperty("address")?.String(),
            json.Property("amount").Btc(),
            json.Property("scriptPubKey").Script(),
            json.Property("confirmations").Int32(),
            json.Property("spendable").Bool(),
            json.Property("solvable").Bool(),
            json.Property("safe").Bool());
    }
}
