using System.Text.Json;
using Polly;
using Polly.Timeout;

namespace Microchannels.Settlement.Rpc;

/// <summary>
/// A typed client for bitcoind's JSON-RPC interface over HTTP (System.Net.Http
/// and System.Text.Json only). Each call runs through a Polly pipeline that
/// retries transient faults with backoff and bounds the total time
/// (<see cref="BitcoindRpcOptions"/>). Thread-safe; share one per node.
/// Wallet calls go to <c>/wallet/&lt;name&gt;</c> through <see cref="ForWallet"/>.
/// </summary>
public sealed partial class BitcoindRpcClient : IDisposable
{
    private static long s_nextId;

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ResiliencePipeline _pipeline;

    /// <summary>A client with its own HttpClient, disposed with it.</summary>
    public BitcoindRpcClient(BitcoindRpcOptions options)
        : this(options, CreateHttpClient(), ownsHttp: true, walletName: null, pipeline: null)
    {
    }

    /// <summary>A client over <paramref name="httpClient"/>, which the caller keeps and disposes.</summary>
    public BitcoindRpcClient(BitcoindRpcOptions options, HttpClient httpClient)
        : this(options, httpClient, ownsHttp: false, walletName: null, pipeline: null)
    {
    }

    private BitcoindRpcClient(BitcoindRpcOptions options, HttpClient httpClient, bool ownsHttp, string? walletName, ResiliencePipeline? pipeline)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        _pipeline = pipeline ?? BitcoindResilience.Build(options);
        Options = options;
        _http = httpClient;
        _ownsHttp = ownsHttp;
        WalletName = walletName;
        RequestUri = walletName is null
            ? options.Endpoint
            : new Uri(options.Endpoint, $"wallet/{Uri.EscapeDataString(walletName)}");
    }

    public BitcoindRpcOptions Options { get; }

    /// <summary>The wallet this client's calls address, or null for the node's root endpoint.</summary>
    public string? WalletName { get; }

    /// <summary>Where requests are posted: the endpoint, or its <c>wallet/&lt;name&gt;</c> path.</summary>
    public Uri RequestUri { get; }

    /// <summary>
    /// A client for <c>/wallet/&lt;walletName&gt;</c> (bitcoind's multiwallet URI,
    /// wallet/rpc/util.cpp GetWalletNameFromJSONRPCRequest) sharing this client's
    /// connections and policy. Node calls work there too. Dispose this client last.
    /// </summary>
    public BitcoindRpcClient ForWallet(string walletName)
    {
        ArgumentNullException.ThrowIfNull(walletName);
        return new BitcoindRpcClient(Options, _http, ownsHttp: false, walletName, _pipeline);
    }

    /// <summary>
    /// Calls <paramref name="method"/> and returns its "result". <paramref name="idempotent"/>
    /// says whether repeating a request bitcoind may already have executed is harmless;
    /// when false, only faults that prove the request was not executed are retried
    /// (connection refused, HTTP 503, RPC_IN_WARMUP), so a payment is never sent twice.
    /// </summary>
    internal async Task<RpcJson> CallAsync(string method, bool idempotent, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        long id = Interlocked.Increment(ref s_nextId);
        byte[] body = JsonRpcRequest.Build(id, method, parameters);
        var exchange = new RpcExchange(_http, RequestUri, Options.Credentials, method, id, body, idempotent);
        try
        {
            JsonElement result = await _pipeline.ExecuteAsync(exchange.SendAsync, cancellationToken).ConfigureAwait(false);
            return new RpcJson(result, method);
        }
        catch (TimeoutRejectedException e)
        {
            throw new BitcoindUnavailableException(
                $"bitcoind at {RequestUri} did not answer {method} within {Options.Timeout.TotalSeconds:0.###} s ({exchange.Attempts} attempt(s)).", e)
            { Method = method, Attempts = exchange.Attempts };
        }
        catch (BitcoindUnavailableException e) when (exchange.Attempts > 1)
        {
            throw new BitcoindUnavailableException($"{e.Message} Gave up after {exchange.Attempts} attempts.", e.InnerException)
            { Method = method, Attempts = exchange.Attempts };
        }
    }

    internal Task<RpcJson> CallAsync(string method, bool idempotent, CancellationToken cancellationToken, params object?[] parameters) =>
        CallAsync(method, idempotent, (IReadOnlyList<object?>)parameters, cancellationToken);

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        // bitcoind closes idle keep-alive connections (-rpcservertimeout, 30 s);
        // retire ours first so a request is not sent on a connection being closed.
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(15),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    {
        // The Polly timeout bounds each call; HttpClient's own 100 s must not cut in first.
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
