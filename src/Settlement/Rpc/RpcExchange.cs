using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Microchannels.Settlement.Rpc;

/// <summary>
/// One RPC call's HTTP exchange, repeated by the retry policy. Each attempt
/// either returns the "result" or throws a <see cref="BitcoindException"/>
/// whose type and <see cref="BitcoindException.IsTransient"/> flag say what
/// happened (bitcoind httprpc.cpp HTTPReq_JSONRPC and httpserver.cpp):
/// <list type="bullet">
/// <item>a JSON-RPC error object, with any HTTP status: <see cref="BitcoindRpcException"/>, transient only for -28 (RPC_IN_WARMUP);</item>
/// <item>401/403: <see cref="BitcoindAuthenticationException"/>, never transient;</item>
/// <item>503 without an error body ("Work queue depth exceeded", "Request rejected during server shutdown"): transient, the request was not run;</item>
/// <item>other 5xx without an error body, or a connection lost after sending: transient only for idempotent calls;</item>
/// <item>no connection at all: transient;</item>
/// <item>anything else: <see cref="BitcoindProtocolException"/>.</item>
/// </list>
/// </summary>
internal sealed class RpcExchange(
    HttpClient http, Uri uri, BitcoindCredentials credentials, string method, long id, byte[] body, bool idempotent)
{
    // Enough of a non-JSON body to explain an error, not enough to flood a log.
    private const int MaxQuotedBody = 200;

    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public async ValueTask<JsonElement> SendAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = Authorization();

        HttpStatusCode status;
        string text;
        try
        {
            using HttpResponseMessage response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            status = response.StatusCode;
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            // No connection was made, so bitcoind cannot have run the request.
            throw Unavailable($"cannot connect to bitcoind at {uri}: {e.Message}", e, transient: true);
        }
        catch (HttpRequestException e)
        {
            throw Unavailable($"the connection to bitcoind at {uri} failed: {e.Message}", e, transient: idempotent);
        }
        catch (IOException e)
        {
            throw Unavailable($"the connection to bitcoind at {uri} failed: {e.Message}", e, transient: idempotent);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout of a caller-supplied client, not our own cancellation.
            throw Unavailable($"bitcoind at {uri} did not answer in time: {e.Message}", e, transient: idempotent);
        }

        return Interpret((int)status, text);
    }

    private JsonElement Interpret(int status, string text)
    {
        if (status is 401 or 403)
        {
            throw new BitcoindAuthenticationException(status == 401
                ? $"bitcoind at {uri} rejected the credentials ({credentials.Description}) with HTTP 401. " +
                  "For a cookie, check that the file belongs to the node at this port (it changes at every start); " +
                  "otherwise check -rpcuser/-rpcpassword or -rpcauth."
                : $"bitcoind at {uri} forbids {method} for {credentials.Description} (HTTP 403, -rpcwhitelist).")
            { Method = method, HttpStatus = status };
        }

        using JsonDocument? document = TryParse(text);
        JsonElement? root = document?.RootElement;
        if (root is { ValueKind: JsonValueKind.Object } reply &&
            reply.TryGetProperty("error", out JsonElement error) && error.ValueKind != JsonValueKind.Null)
        {
            throw RpcError(status, new RpcJson(error, method, "error"));
        }

        if (status == 200)
        {
            return Result(root);
        }

        string quoted = text.Length <= MaxQuotedBody ? text.Trim() : text[..MaxQuotedBody] + "...";
        if (status == 503)
        {
            throw Unavailable($"bitcoind at {uri} is busy or stopping (HTTP 503: {quoted}).", null, transient: true);
        }

        if (status >= 500)
        {
            throw Unavailable($"bitcoind at {uri} answered HTTP {status} without a JSON-RPC error ({quoted}).", null, transient: idempotent);
        }

        string hint = status == 404
            ? " No such endpoint: for a wallet URI, check that bitcoind runs with wallet support."
            : string.Empty;
        throw new BitcoindProtocolException($"bitcoind at {uri} answered {method} with HTTP {status} and no JSON-RPC reply ({quoted}).{hint}")
        { Method = method, HttpStatus = status };
    }

    private BitcoindException RpcError(int status, RpcJson error)
    {
        int code = error.Property("code").Int32();
        string message = error.Property("message").String();
        return new BitcoindRpcException(method, code, message)
        {
            HttpStatus = status,

            // bitcoind refuses every call while it loads (JSONRPCExec: "fWarmup"); it will answer soon.
            IsTransient = code == RpcErrorCode.InWarmup,
        };
    }

    private JsonElement Result(JsonElement? root)
    {
        if (root is not { ValueKind: JsonValueKind.Object } reply)
        {
            throw new BitcoindProtocolException($"bitcoind at {uri} answered {method} with HTTP 200 but no JSON-RPC reply object.")
            { Method = method };
        }

        if (!reply.TryGetProperty("id", out JsonElement replyId) || !replyId.TryGetInt64(out long value) || value != id)
        {
            throw new BitcoindProtocolException($"bitcoind answered {method} (id {id}) with a reply for id {(reply.TryGetProperty("id", out replyId) ? replyId.GetRawText() : "none")}.")
            { Method = method };
        }

        if (!reply.TryGetProperty("result", out JsonElement result))
        {
            throw new BitcoindProtocolException($"bitcoind answered {method} with neither a result nor an error.") { Method = method };
        }

        // Detached from the document, which is disposed when this method returns.
        return result.Clone();
    }

    private AuthenticationHeaderValue Authorization()
    {
        try
        {
            return credentials.GetAuthorization();
        }
        catch (BitcoindUnavailableException e)
        {
            throw Unavailable(e.Message, e.InnerException, transient: e.IsTransient);
        }
        catch (BitcoindAuthenticationException e)
        {
            throw new BitcoindAuthenticationException(e.Message, e) { Method = method };
        }
    }

    private BitcoindUnavailableException Unavailable(string message, Exception? inner, bool transient) =>
        new($"bitcoind {method}: {message}", inner) { Method = method, IsTransient = transient };

    private static JsonDocument? TryParse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
