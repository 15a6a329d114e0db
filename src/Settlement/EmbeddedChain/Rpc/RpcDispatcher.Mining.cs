using System.Text.Json.Nodes;
using NBitcoin;
using Microchannels.EmbeddedChain.Chain;

namespace Microchannels.EmbeddedChain.Rpc;

/// <summary>Mining and reorganisations: generatetoaddress, generateblock, invalidateblock, reconsiderblock.</summary>
public sealed partial class RpcDispatcher
{
    private JsonNode GenerateToAddress(RpcCall call)
    {
        long blocks = call.Integer(0);
        Script payTo = RpcCall.DecodeAddress(call.String(1)).ScriptPubKey;
        if (blocks is < 0 or > 10_000)
        {
            throw new RpcException(RpcCodes.InvalidParameter, "Number of blocks must be between 0 and 10000");
        }

        return new JsonArray([.. Node.Generate((int)blocks, payTo).Select(hash => (JsonNode)hash.ToString())]);
    }

    private JsonNode GenerateBlock(RpcCall call)
    {
        Script payTo = OutputScript(call.String(0));
        JsonArray items = call.Array(1);
        var transactions = new List<Transaction>();
        foreach (JsonNode? item in items)
        {
            string text = item?.GetValue<string>() ?? throw new RpcException(RpcCodes.TypeError, "Expected a txid or a transaction hex");
            if (text.Length == 64 && uint256.TryParse(text, out uint256? txId))
            {
                transactions.Add(Node.Read(n => n.Mempool.TryGet(txId, out MempoolEntry? entry) ? entry.Transaction : null)
                    ?? throw new RpcException(RpcCodes.InvalidAddressOrKey, $"Transaction {text} not in mempool."));
            }
            else
            {
                try
                {
                    transactions.Add(Transaction.Parse(text, Network.RegTest));
                }
                catch (Exception e) when (e is FormatException or ArgumentException or EndOfStreamException)
                {
                    throw new RpcException(RpcCodes.DeserializationError, $"Transaction decode failed for {text}. Make sure the tx has at least one input.", e);
                }
            }
        }

        try
        {
            return new JsonObject { ["hash"] = Node.GenerateBlock(payTo, transactions).ToString() };
        }
        catch (BlockRejectedException e)
        {
            throw new RpcException(RpcCodes.VerifyError, $"TestBlockValidity failed: {e.Reason}", e);
        }
    }

    private JsonNode? InvalidateBlock(RpcCall call)
    {
        Node.Invalidate(FindBlock(call.Hash(0, "blockhash")));
        return null;
    }

    private JsonNode? ReconsiderBlock(RpcCall call)
    {
        Node.Reconsider(FindBlock(call.Hash(0, "blockhash")));
        return null;
    }

    private BlockRecord FindBlock(uint256 hash) =>
        Node.Read(n => n.Chain.Find(hash)) ?? throw new RpcException(RpcCodes.InvalidAddressOrKey, "Block not found");

    /// <summary>generateblock's output: an address, or the descriptors raw(HEX) and addr(ADDRESS).</summary>
    private static Script OutputScript(string text)
    {
        if (text.StartsWith("raw(", StringComparison.Ordinal) && text.EndsWith(')'))
        {
            try
            {
                return Script.FromHex(text[4..^1]);
            }
            catch (FormatException e)
            {
                throw new RpcException(RpcCodes.InvalidAddressOrKey, "Error: Invalid address or descriptor", e);
            }
        }

        string address = text.StartsWith("addr(", StringComparison.Ordinal) && text.EndsWith(')') ? text[5..^1] : text;
        try
        {
            return BitcoinAddress.Create(address, Network.RegTest).ScriptPubKey;
        }
        catch (FormatException e)
        {
            throw new RpcException(RpcCodes.InvalidAddressOrKey, "Error: Invalid address or descriptor", e);
        }
    }
}
