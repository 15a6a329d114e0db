using System.Text.Json.Nodes;
using NBitcoin;
using Microchannels.EmbeddedChain.Chain;
using Microchannels.EmbeddedChain.Wallet;

namespace Microchannels.EmbeddedChain.Rpc;

/// <summary>
/// The RPC methods this simulated node serves, by bitcoind's names, each answering in
/// bitcoind's JSON shape: the subset Microchannels.Settlement and its regtest harness call,
/// plus <c>prioritisetransaction</c>, <c>getmempoolentry</c> and <c>reconsiderblock</c> for tests.
/// </summary>
public sealed partial class RpcDispatcher
{
    private readonly Dictionary<string, Func<RpcCall, JsonNode?>> _methods;
    private readonly Dictionary<string, NodeWallet> _wallets = new(StringComparer.Ordinal);
    private readonly string? _walletsDirectory;
    private readonly Action _requestStop;
    private readonly long _startTime = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <param name="node">The chain served.</param>
    /// <param name="walletsDirectory">Where wallets are kept; null keeps them in memory.</param>
    /// <param name="requestStop">What <c>stop</c> does.</param>
    public RpcDispatcher(EmbeddedNode node, string? walletsDirectory, Action requestStop)
    {
        Node = node;
        _walletsDirectory = walletsDirectory;
        _requestStop = requestStop;
        _methods = new(StringComparer.Ordinal)
        {
            ["getblockchaininfo"] = GetBlockchainInfo,
            ["getnetworkinfo"] = GetNetworkInfo,
            ["getblockcount"] = _ => Node.Read(n => n.Chain.Height),
            ["getbestblockhash"] = _ => Node.Read(n => n.Chain.Tip.Hash.ToString()),
            ["getblockhash"] = GetBlockHash,
            ["getblock"] = GetBlock,
            ["getblockheader"] = GetBlockHeader,
            ["invalidateblock"] = InvalidateBlock,
            ["reconsiderblock"] = ReconsiderBlock,
            ["generatetoaddress"] = GenerateToAddress,
            ["generateblock"] = GenerateBlock,
            ["getrawtransaction"] = GetRawTransaction,
            ["decoderawtransaction"] = call => JsonViews.Transaction(RpcCall.DecodeTransaction(call.String(0))),
            ["gettxout"] = GetTxOut,
            ["sendrawtransaction"] = SendRawTransaction,
            ["testmempoolaccept"] = TestMempoolAccept,
            ["getrawmempool"] = GetRawMempool,
            ["getmempoolentry"] = GetMempoolEntry,
            ["prioritisetransaction"] = PrioritiseTransaction,
            ["estimatesmartfee"] = EstimateSmartFee,
            ["createwallet"] = CreateWallet,
            ["loadwallet"] = LoadWallet,
            ["listwallets"] = _ => new JsonArray([.. Wallets().Select(name => (JsonNode)name)]),
            ["getnewaddress"] = GetNewAddress,
            ["getbalance"] = GetBalance,
            ["listunspent"] = ListUnspent,
            ["sendtoaddress"] = SendToAddress,
            ["uptime"] = _ => DateTimeOffset.UtcNow.ToUnixTimeSeconds() - _startTime,
            ["stop"] = Stop,
        };
    }

    public EmbeddedNode Node { get; }

    /// <summary>Runs one call; throws <see cref="RpcException"/> with bitcoind's code and message.</summary>
    public JsonNode? Dispatch(RpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return _methods.TryGetValue(call.Method, out var handler)
            ? handler(call)
            : throw new RpcException(RpcCodes.MethodNotFound, "Method not found");
    }

    /// <summary>Set by <c>stop</c>; the server stops the node once the reply is sent (<see cref="CompleteStopIfRequested"/>).</summary>
    public bool StopRequested { get; private set; }

    /// <summary>Called by the server after each reply: after the one to <c>stop</c>, the node stops.</summary>
    public void CompleteStopIfRequested()
    {
        if (StopRequested)
        {
            _requestStop();
        }
    }

    private JsonNode? Stop(RpcCall call)
    {
        StopRequested = true;
        return "Microchannels embedded regtest chain (SIMULATED) stopping";
    }

    private JsonNode GetBlockchainInfo(RpcCall call) => Node.Read(n => new JsonObject
    {
        ["chain"] = "regtest",
        ["blocks"] = n.Chain.Height,
        ["headers"] = n.Chain.Height,
        ["bestblockhash"] = n.Chain.Tip.Hash.ToString(),
        ["bits"] = "207fffff",
        ["difficulty"] = JsonViews.RegtestDifficulty,
        ["time"] = n.Chain.Tip.Time,
        ["mediantime"] = n.Chain.Tip.MedianTimePast,
        ["verificationprogress"] = 1.0,
        ["initialblockdownload"] = false,
        ["chainwork"] = ((n.Chain.Height + 1) * 2).ToString("x64", System.Globalization.CultureInfo.InvariantCulture),
        ["size_on_disk"] = 0,
        ["pruned"] = false,
        ["warnings"] = new JsonArray("This is a SIMULATED regtest chain (Microchannels embedded chain), for development only"),
    });

    /// <summary>
    /// Says which bitcoind it answers like (version 300000: v30's reject reasons and relay
    /// defaults) and, in the user agent, that it is not bitcoind.
    /// </summary>
    private JsonNode GetNetworkInfo(RpcCall call) => new JsonObject
    {
        ["version"] = 300000,
        ["subversion"] = "/Microchannels-EmbeddedChain:1.0.0(simulated-regtest)/",
        ["protocolversion"] = 70016,
        ["localservices"] = "0000000000000c09",
        ["localrelay"] = true,
        ["networkactive"] = false,
        ["connections"] = 0,
        ["connections_in"] = 0,
        ["connections_out"] = 0,
        ["relayfee"] = JsonViews.Amount(Node.Policy.MinRelayFeeRate),
        ["incrementalfee"] = JsonViews.Amount(Node.Policy.IncrementalRelayFeeRate),
        ["warnings"] = new JsonArray("This is a SIMULATED regtest chain (Microchannels embedded chain), for development only"),
    };

    private JsonNode GetBlockHash(RpcCall call)
    {
        long height = call.Integer(0);
        return Node.Read(n => n.Chain.AtHeight((int)Math.Clamp(height, -1, int.MaxValue))?.Hash.ToString())
            ?? throw new RpcException(RpcCodes.InvalidParameter, "Block height out of range");
    }

    private JsonNode GetBlock(RpcCall call)
    {
        uint256 hash = call.Hash(0, "blockhash");
        long verbosity = call.IsBool(1) ? (call.Bool(1, true) ? 1 : 0) : call.Integer(1, 1);
        return Node.Read(n =>
        {
            BlockRecord block = n.Chain.Find(hash) ?? throw new RpcException(RpcCodes.InvalidAddressOrKey, "Block not found");
            return verbosity <= 0 ? (JsonNode)Convert.ToHexStringLower(block.Block.ToBytes()) : JsonViews.Block(block, n.Chain, (int)verbosity);
        });
    }

    private JsonNode GetBlockHeader(RpcCall call)
    {
        uint256 hash = call.Hash(0, "hash");
        bool verbose = call.Bool(1, true);
        return Node.Read(n =>
        {
            BlockRecord block = n.Chain.Find(hash) ?? throw new RpcException(RpcCodes.InvalidAddressOrKey, "Block not found");
            if (!verbose)
            {
                return (JsonNode)Convert.ToHexStringLower(block.Block.Header.ToBytes());
            }

            JsonObject json = JsonViews.Block(block, n.Chain, 1);
            json.Remove("tx");
            json.Remove("strippedsize");
            json.Remove("size");
            json.Remove("weight");
            return json;
        });
    }
}
