using System.Globalization;
using System.Text.Json.Nodes;
using NBitcoin;
using Microchannels.EmbeddedChain.Chain;
using Microchannels.EmbeddedChain.Validation;

namespace Microchannels.EmbeddedChain.Rpc;

/// <summary>Transactions, scripts and blocks in the JSON shapes bitcoind's RPCs print (core_write.cpp, rpc/blockchain.cpp).</summary>
public static class JsonViews
{
    /// <summary>Regtest's difficulty at the proof-of-work limit (GetDifficulty of 0x207fffff).</summary>
    public const double RegtestDifficulty = 4.656542373906925e-10;

    public static JsonValue Amount(long satoshis) => JsonValue.Create(MoneyFormat.ToBtc(satoshis));

    public static JsonObject ScriptPubKey(Script script)
    {
        string kind = ScriptKind.Of(script);
        var json = new JsonObject
        {
            ["asm"] = script.ToString(),
            ["hex"] = script.ToHex(),
            ["type"] = kind,
        };
        if (kind is not ("nulldata" or "nonstandard" or "pubkey" or "multisig") && script.GetDestinationAddress(Network.RegTest) is { } address)
        {
            json["address"] = address.ToString();
        }

        return json;
    }

    /// <summary>TxToUniv: the decoded transaction; the block fields are added by the caller.</summary>
    public static JsonObject Transaction(Transaction tx)
    {
        var inputs = new JsonArray();
        foreach (TxIn input in tx.Inputs)
        {
            var json = new JsonObject();
            if (tx.IsCoinBase)
            {
                json["coinbase"] = input.ScriptSig.ToHex();
            }
            else
            {
                json["txid"] = input.PrevOut.Hash.ToString();
                json["vout"] = input.PrevOut.N;
                json["scriptSig"] = new JsonObject { ["asm"] = input.ScriptSig.ToString(), ["hex"] = input.ScriptSig.ToHex() };
            }

            if (input.WitScript.PushCount > 0)
            {
                json["txinwitness"] = new JsonArray([.. input.WitScript.Pushes.Select(push => (JsonNode)Convert.ToHexStringLower(push))]);
            }

            json["sequence"] = input.Sequence.Value;
            inputs.Add(json);
        }

        var outputs = new JsonArray();
        for (int i = 0; i < tx.Outputs.Count; i++)
        {
            outputs.Add(new JsonObject
            {
                ["value"] = Amount(tx.Outputs[i].Value.Satoshi),
                ["n"] = i,
                ["scriptPubKey"] = ScriptPubKey(tx.Outputs[i].ScriptPubKey),
            });
        }

        int size = tx.ToBytes().Length;
        return new JsonObject
        {
            ["txid"] = tx.GetHash().ToString(),
            ["hash"] = tx.GetWitHash().ToString(),
            ["version"] = tx.Version,
            ["size"] = size,
            ["vsize"] = tx.GetVirtualSize(),
            ["weight"] = MempoolAcceptance.Weight(tx),
            ["locktime"] = tx.LockTime.Value,
            ["vin"] = inputs,
            ["vout"] = outputs,
        };
    }

    /// <summary>getblock verbosity 1 (txids) or 2 (decoded transactions).</summary>
    public static JsonObject Block(BlockRecord block, ChainState chain, int verbosity)
    {
        Block b = block.Block;
        bool active = chain.IsActive(block);
        var txs = new JsonArray();
        foreach (Transaction tx in b.Transactions)
        {
            txs.Add(verbosity >= 2 ? Transaction(tx) : (JsonNode)tx.GetHash().ToString());
        }

        var json = new JsonObject
        {
            ["hash"] = block.Hash.ToString(),
            ["confirmations"] = active ? chain.Height - block.Height + 1 : -1,
            ["height"] = block.Height,
            ["version"] = b.Header.Version,
            ["versionHex"] = b.Header.Version.ToString("x8", CultureInfo.InvariantCulture),
            ["merkleroot"] = b.Header.HashMerkleRoot.ToString(),
            ["time"] = block.Time,
            ["mediantime"] = block.MedianTimePast,
            ["nonce"] = b.Header.Nonce,
            ["bits"] = b.Header.Bits.ToCompact().ToString("x8", CultureInfo.InvariantCulture),
            ["difficulty"] = RegtestDifficulty,
            ["chainwork"] = ((block.Height + 1) * 2).ToString("x64", CultureInfo.InvariantCulture),
            ["nTx"] = b.Transactions.Count,
        };
        if (block.Parent is not null)
        {
            json["previousblockhash"] = block.Parent.Hash.ToString();
        }

        if (active && chain.AtHeight(block.Height + 1) is { } next)
        {
            json["nextblockhash"] = next.Hash.ToString();
        }

        json["strippedsize"] = b.WithOptions(TransactionOptions.None).ToBytes().Length;
        json["size"] = b.ToBytes().Length;
        json["weight"] = (b.WithOptions(TransactionOptions.None).ToBytes().Length * 3) + b.ToBytes().Length;
        json["tx"] = txs;
        return json;
    }
}
