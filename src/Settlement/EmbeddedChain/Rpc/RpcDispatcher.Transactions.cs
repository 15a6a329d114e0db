using System.Text.Json.Nodes;
using NBitcoin;
using Microchannels.EmbeddedChain.Chain;
using Microchannels.EmbeddedChain.Validation;

namespace Microchannels.EmbeddedChain.Rpc;

/// <summary>Transactions and the mempool (rpc/rawtransaction.cpp, rpc/mempool.cpp, node/transaction.cpp, rpc/fees.cpp).</summary>
public sealed partial class RpcDispatcher
{
    /// <summary>testmempoolaccept's limit (policy/packages.h MAX_PACKAGE_COUNT).</summary>
    private const int MaxPackageCount = 25;

    private JsonNode GetRawTransaction(RpcCall call)
    {
        uint256 txId = call.Hash(0, "txid");
        bool verbose = call.IsBool(1) ? call.Bool(1, false) : call.Integer(1, 0) > 0;
        uint256? blockHash = call.Has(2) ? call.Hash(2, "blockhash") : null;
        return Node.Read(n =>
        {
            Transaction? tx = null;
            BlockRecord? block = null;
            if (blockHash is not null)
            {
                block = n.Chain.Find(blockHash) ?? throw new RpcException(RpcCodes.InvalidAddressOrKey, "Block hash not found");
                tx = block.Block.Transactions.FirstOrDefault(t => t.GetHash() == txId)
                    ?? throw new RpcException(RpcCodes.InvalidAddressOrKey, "No such transaction found in the provided block. Use gettransaction for wallet transactions.");
            }
            else if (n.Mempool.TryGet(txId, out MempoolEntry? entry))
            {
                tx = entry.Transaction;
            }
            else if (n.Chain.FindConfirmed(txId) is { } confirmed)
            {
                (tx, block) = confirmed;
            }

            if (tx is null)
            {
                throw new RpcException(RpcCodes.InvalidAddressOrKey, "No such mempool or blockchain transaction. Use gettransaction for wallet transactions.");
            }

            if (!verbose)
            {
                return (JsonNode)tx.ToHex();
            }

            JsonObject json = JsonViews.Transaction(tx);
            json["hex"] = tx.ToHex();
            if (blockHash is not null)
            {
                json["in_active_chain"] = n.Chain.IsActive(block!);
            }

            if (block is not null)
            {
                bool active = n.Chain.IsActive(block);
                json["blockhash"] = block.Hash.ToString();
                json["confirmations"] = active ? n.Chain.Height - block.Height + 1 : 0;
                json["time"] = block.Time;
                json["blocktime"] = block.Time;
            }

            return json;
        });
    }

    private JsonNode? GetTxOut(RpcCall call)
    {
        uint256 txId = call.Hash(0, "txid");
        var outPoint = new OutPoint(txId, (uint)Math.Clamp(call.Integer(1), 0, uint.MaxValue));
        bool includeMempool = call.Bool(2, true);
        return Node.Read(n =>
        {
            UtxoEntry? coin = n.Chain.GetUtxo(outPoint);
            if (includeMempool)
            {
                if (n.Mempool.SpenderOf(outPoint) is not null)
                {
                    return null;
                }

                coin ??= n.Mempool.OutputOf(outPoint) is { } unconfirmed ? new UtxoEntry(unconfirmed, n.Chain.Height + 1, false) : null;
            }

            return coin is null ? null : new JsonObject
            {
                ["bestblock"] = n.Chain.Tip.Hash.ToString(),
                ["confirmations"] = coin.Height > n.Chain.Height ? 0 : n.Chain.Height - coin.Height + 1,
                ["value"] = JsonViews.Amount(coin.Output.Value.Satoshi),
                ["scriptPubKey"] = JsonViews.ScriptPubKey(coin.Output.ScriptPubKey),
                ["coinbase"] = coin.IsCoinbase,
            };
        });
    }

    /// <summary>node/transaction.cpp BroadcastTransaction, with its answers: the txid, -27 confirmed, -25 missing inputs or too high a fee, -26 refused.</summary>
    private JsonNode SendRawTransaction(RpcCall call)
    {
        Transaction tx = RpcCall.DecodeTransaction(call.String(0));
        long maxFeeRate = call.Has(1) ? call.Amount(1) : Node.Policy.DefaultMaxFeeRate;
        uint256 txId = tx.GetHash();
        if (call.Has(2) && tx.Outputs.Any(o => o.ScriptPubKey.IsUnspendable && o.Value.Satoshi > call.Amount(2)))
        {
            throw new RpcException(RpcCodes.VerifyError, "Unspendable output exceeds maximum configured by user (maxburnamount)");
        }

        lock (Node.Gate)
        {
            for (int i = 0; i < tx.Outputs.Count; i++)
            {
                if (Node.Chain.GetUtxo(new OutPoint(txId, i)) is not null)
                {
                    throw new RpcException(RpcCodes.VerifyAlreadyInUtxoSet, "Transaction outputs already in utxo set");
                }
            }

            if (Node.Mempool.TryGet(txId, out _))
            {
                return txId.ToString();
            }

            MempoolDecision check = Node.Submit(tx, testOnly: true);
            Refuse(check);
            if (maxFeeRate > 0 && check.Fee > MoneyFormat.FeeFor(maxFeeRate, check.VirtualSize))
            {
                throw new RpcException(RpcCodes.VerifyError, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)");
            }

            Refuse(Node.Submit(tx, testOnly: false));
            return txId.ToString();
        }
    }

    private static void Refuse(MempoolDecision decision)
    {
        if (decision.Rejection is { } rejection)
        {
            throw new RpcException(rejection.MissingInputs ? RpcCodes.VerifyError : RpcCodes.VerifyRejected, rejection.ToString());
        }
    }

    private JsonNode TestMempoolAccept(RpcCall call)
    {
        JsonArray raw = call.Array(0);
        if (raw.Count is < 1 or > MaxPackageCount)
        {
            throw new RpcException(RpcCodes.InvalidParameter, $"Array must contain between 1 and {MaxPackageCount} transactions.");
        }

        long maxFeeRate = call.Has(1) ? call.Amount(1) : Node.Policy.DefaultMaxFeeRate;
        List<Transaction> transactions = [.. raw.Select(item => RpcCall.DecodeTransaction(item?.GetValue<string>() ?? string.Empty))];
        IReadOnlyList<MempoolDecision> decisions = Node.TestPackage(transactions);
        var results = new JsonArray();
        for (int i = 0; i < transactions.Count; i++)
        {
            Transaction tx = transactions[i];
            var result = new JsonObject { ["txid"] = tx.GetHash().ToString(), ["wtxid"] = tx.GetWitHash().ToString() };
            if (i < decisions.Count)
            {
                MempoolDecision decision = decisions[i];
                if (decision.Rejection is { } rejection)
                {
                    result["allowed"] = false;
                    result["reject-reason"] = rejection.Reason;
                    result["reject-details"] = rejection.ToString();
                }
                else if (maxFeeRate > 0 && decision.Fee > MoneyFormat.FeeFor(maxFeeRate, decision.VirtualSize))
                {
                    result["allowed"] = false;
                    result["reject-reason"] = "max-fee-exceeded";
                }
                else
                {
                    result["allowed"] = true;
                    result["vsize"] = decision.VirtualSize;
                    result["fees"] = new JsonObject
                    {
                        ["base"] = JsonViews.Amount(decision.Fee),
                        ["effective-feerate"] = JsonViews.Amount(decision.ModifiedFee * 1000 / decision.VirtualSize),
                        ["effective-includes"] = new JsonArray((JsonNode)tx.GetWitHash().ToString()),
                    };
                }
            }
            else
            {
                result["package-error"] = "package-not-validated";
            }

            results.Add(result);
        }

        return results;
    }

    private JsonNode GetRawMempool(RpcCall call)
    {
        bool verbose = call.Bool(0, false);
        return Node.Read(n =>
        {
            if (!verbose)
            {
                return (JsonNode)new JsonArray([.. n.Mempool.Entries.Select(entry => (JsonNode)entry.TxId.ToString())]);
            }

            var all = new JsonObject();
            foreach (MempoolEntry entry in n.Mempool.Entries)
            {
                all[entry.TxId.ToString()] = MempoolEntryJson(n, entry);
            }

            return all;
        });
    }

    private JsonNode GetMempoolEntry(RpcCall call)
    {
        uint256 txId = call.Hash(0, "txid");
        return Node.Read(n => n.Mempool.TryGet(txId, out MempoolEntry? entry)
            ? MempoolEntryJson(n, entry)
            : throw new RpcException(RpcCodes.InvalidAddressOrKey, "Transaction not in mempool"));
    }

    private static JsonObject MempoolEntryJson(EmbeddedNode node, MempoolEntry entry)
    {
        long modified = entry.Fee + node.FeeDelta(entry.TxId);
        return new JsonObject
        {
            ["vsize"] = entry.VirtualSize,
            ["weight"] = MempoolAcceptance.Weight(entry.Transaction),
            ["time"] = entry.EntryTime,
            ["height"] = node.Chain.Height,
            ["fees"] = new JsonObject { ["base"] = JsonViews.Amount(entry.Fee), ["modified"] = JsonViews.Amount(modified) },
            ["depends"] = new JsonArray([.. node.Mempool.AncestorsOf(entry.Transaction)
                .Where(id => entry.Transaction.Inputs.Any(input => input.PrevOut.Hash == id)).Select(id => (JsonNode)id.ToString())]),
            ["wtxid"] = entry.WitnessTxId.ToString(),
            ["bip125-replaceable"] = true,
        };
    }

    private JsonNode PrioritiseTransaction(RpcCall call)
    {
        uint256 txId = call.Hash(0, "txid");
        if (call.Has(1) && call.Integer(1) != 0)
        {
            throw new RpcException(RpcCodes.InvalidParameter, "Priority is no longer supported, dummy argument to prioritisetransaction must be 0.");
        }

        Node.Prioritise(txId, call.Integer(2));
        return true;
    }

    private JsonNode EstimateSmartFee(RpcCall call)
    {
        long target = call.Integer(0);
        if (target is < 1 or > 1008)
        {
            throw new RpcException(RpcCodes.InvalidParameter, "Invalid conf_target, must be between 1 and 1008");
        }

        string mode = call.OptionalString(1)?.ToLowerInvariant() ?? "unset";
        if (mode is not ("unset" or "economical" or "conservative"))
        {
            throw new RpcException(RpcCodes.InvalidParameter, "Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", \"conservative\"");
        }

        return Node.FeeRateEstimate is { } rate
            ? new JsonObject { ["feerate"] = JsonViews.Amount(Math.Max(rate, Node.Policy.MinRelayFeeRate)), ["blocks"] = target }
            : new JsonObject { ["errors"] = new JsonArray("Insufficient data or no feerate found"), ["blocks"] = 0 };
    }
}
