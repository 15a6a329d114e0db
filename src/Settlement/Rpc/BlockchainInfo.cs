using System.Collections.Immutable;

namespace Microchannels.Settlement.Rpc;

/// <summary>The fields of <c>getblockchaininfo</c> that Settlement uses (Bitcoin Core rpc/blockchain.cpp).</summary>
public sealed record BlockchainInfo(
    string Chain,
    int Blocks,
    int Headers,
    BlockHash BestBlockHash,
    double Difficulty,
    long MedianTime,
    double VerificationProgress,
    bool InitialBlockDownload,
    bool Pruned,
    ImmutableArray<string> Warnings)
{
    internal static BlockchainInfo FromJson(RpcJson json) => new(
        json.Property("chain").String(),
        json.Property("blocks").Int32(),
        json.Property("headers").Int32(),
        json.Property("bestblockhash").BlockHash(),
        json.Property("difficulty").Double(),
        json.Property("mediantime").Int64(),
        json.Property("verificationprogress").Double(),
        json.Property("initialblockdownload").Bool(),
        json.Property("pruned").Bool(),
        json.OptionalProperty("warnings")?.StringOrStrings() ?? []);
}
