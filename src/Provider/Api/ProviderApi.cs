using Grpc.Core;
using Microchannels.Bitcoin.Chain;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Provider.Api.V1;
using Microchannels.Provider.Configuration;
using Microchannels.Provider.Data;
using Microchannels.Provider.Journal;
using Microchannels.Provider.Node;
using Microsoft.Extensions.Hosting;

namespace Microchannels.Provider.Api;

/// <summary>
/// The gRPC channel API (proto/microchannels/provider/v1/provider.proto, docs/API.md). Tokens,
/// rate limits and the last line of error handling are the <see cref="ApiInterceptor"/>'s;
/// each method checks its arguments and answers with the status the issue lists.
/// </summary>
public sealed partial class ProviderApi(
    ProviderNodeHost host,
    TransferJournal journal,
    ProviderDatabase database,
    ChannelEventHub hub,
    ProviderSettings settings,
    IFeerateEstimator fees,
    IHostApplicationLifetime lifetime,
    TimeProvider time) : ProviderService.ProviderServiceBase
{
    private static readonly string Version =
        typeof(ProviderApi).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";

    public override Task<GetInfoResponse> GetInfo(GetInfoRequest request, ServerCallContext context)
    {
        var chain = host.Chain;
        var response = new GetInfoResponse
        {
            NodeId = host.Node.NodeId.ToString(),
            Network = settings.Network,
            BlockHeight = (uint)Math.Max(0, chain.Tip?.Height ?? 0),
            BlockHash = chain.Tip?.Hash.ToString() ?? "",
            SyncedToChain = chain.Synced,
            Version = Version,
            PeerAddress = host.Node.LocalEndPoint.ToString(),
            LastTransferSequence = journal.LastSequence,
        };
        response.ChannelCounts.AddRange(host.AllChannels()
            .GroupBy(c => ChannelFacts.StateOf(c.State))
            .OrderBy(g => g.Key)
            .Select(g => new ChannelStateCount { State = g.Key, Count = (uint)g.Count() }));
        return Task.FromResult(response);
    }

    public override Task<GetBalanceSheetResponse> GetBalanceSheet(GetBalanceSheetRequest request, ServerCallContext context)
    {
        var (received, sent) = journal.GrandTotals();
        var response = new GetBalanceSheetResponse { ReceivedMsat = received, SentMsat = sent };
        foreach (var channel in host.AllChannels())
        {
            switch (channel.State)
            {
                case Channels.Engine.StateMachine.ChannelState.Closed closed:
                    response.OnchainSettledSat += (ulong)closed.Close.OurAmount.Value;
                    break;
                case var open when ChannelFacts.IsOpen(open):
                    var (local, remote) = ChannelFacts.BalancesMsat(open);
                    response.InChannelsMsat += local;
                    response.MetersInChannelsMsat += remote;
                    response.OpenChannelCount++;
                    break;
            }
        }

        return Task.FromResult(response);
    }

    /// <summary>The call's token, ended also when the daemon stops (streams end then, with UNAVAILABLE).</summary>
    private CancellationTokenSource CallToken(ServerCallContext context) =>
        CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);

    private static RpcException ShuttingDown() => ApiArguments.Unavailable("the daemon is shutting down; reconnect when it is back");

    private void RequireChain(string what)
    {
        var chain = host.Chain;
        if (!chain.Synced)
        {
            throw ApiArguments.Unavailable(chain.Reachable
                ? $"{what} needs the chain and the node is still catching up with bitcoind; try again shortly"
                : $"{what} needs the chain and bitcoind is unreachable ({chain.LastError}); check Bitcoind:RpcUrl and that bitcoind runs");
        }
    }

    private PublicKey? OptionalNodeId(string value, string field) => value.Length == 0 ? null : ApiArguments.NodeId(value, field);

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();
}
