using System.Collections.Immutable;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Settlement.Rpc;

/// <summary>
/// <c>getblock &lt;hash&gt; 1</c>: the header fields and the txids of a block.
/// <see cref="Confirmations"/> is -1 when the block is not on the active chain.
/// </summary>
public sealed record BlockInfo(
    BlockHash Hash,
    int Confirmations,
    int Height,
    int Version,
    string MerkleRoot,
    long Time,
    long MedianTime,
    uint Nonce,
    string Bits,
    double Difficulty,
    BlockHash? PreviousBlockHash,
    BlockHash? NextBlockHash,
    int StrippedSize,
    int Size,
    int Weight,
    ImmutableArray<TxId> TxIds)
{
    internal static BlockInfo FromJson(RpcJson json)
    {
        ImmutableArray<TxId> txIds = [.. json.Property("tx").Items().Select(item => item.TxId())];
        int count = json.Property("nTx").Int32();
        if (count != txIds.Length)
        {
            throw json.Fail($"says nTx {count} but lists {txIds.Length} txids");
        }

        long nonce = json.Property("nonce").Int64();
        if (nonce is < 0 or > uint.MaxValue)
        {
            throw json.Fail($"has nonce {nonce}, outside 32 bits");
        }

        return new BlockInfo(
            json.Property("hash").BlockHash(),
            json.Property("confirmations").Int32(),
            json.Property("height").Int32(),
            json.Property("version").Int32(),
            json.Property("merkleroot").String(),
            json.Property("time").Int64(),
            json.Property("mediantime").Int64(),
            (uint)nonce,
            json.Property("bits").String(),
            json.Property("difficulty").Double(),
            json.OptionalProperty("previousblockhash")?.BlockHash(),
            json.OptionalProperty("nextblockhash")?.BlockHash(),
            json.Property("strippedsize").Int32(),
            json.Property("size").Int32(),
            json.Property("weight").Int32(),
            txIds);
    }
}
