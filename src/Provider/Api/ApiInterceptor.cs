using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microchannels.Provider.Configuration;
using Microchannels.Provider.DataDirectory;
using Microchannels.Provider.Telemetry;
using Microsoft.Extensions.Logging;

namespace Microchannels.Provider.Api;

/// <summary>
/// In front of every call: the bearer token (admin: everything; read-only: the read methods),
/// the per-token rate limit, the call counter, and the last line of error handling: any
/// failure that is not already a status becomes INTERNAL with a fixed message, logged here,
/// so no exception text or stack trace reaches a client. grpc.health.v1 needs no token, so
/// service managers and load balancers can probe it.
/// </summary>
public sealed partial class ApiInterceptor : Interceptor, IDisposable
{
    private const string ServicePrefix = "/microchannels.provider.v1.ProviderService/";

    private static readonly HashSet<string> AdminMethods = ["CloseChannel", "SendTransfer", "SetTariff", "AllowMeter", "RemoveMeter"];

    private readonly byte[] _admin;
    private readonly byte[] _readOnly;
    private readonly FixedWindowRateLimiter _adminLimit;
    private readonly FixedWindowRateLimiter _readOnlyLimit;
    private readonly ProviderMetrics _metrics;
    private readonly ILogger<ApiInterceptor> _logger;

    public ApiInterceptor(ProviderDataDirectory data, ProviderSettings settings, ProviderMetrics metrics, ILogger<ApiInterceptor> logger)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        _admin = Encoding.ASCII.GetBytes(data.AdminToken);
        _readOnly = Encoding.ASCII.GetBytes(data.ReadOnlyToken);
        _adminLimit = Limiter(settings.ApiRateLimitPerMinute);
        _readOnlyLimit = Limiter(settings.ApiRateLimitPerMinute);
        _metrics = metrics;
        _logger = logger;
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        return await GuardAsync(context, () => continuation(request, context)).ConfigureAwait(false);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        await GuardAsync(context, async () =>
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        return await GuardAsync(context, () => continuation(requestStream, context)).ConfigureAwait(false);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        await GuardAsync(context, async () =>
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _adminLimit.Dispose();
        _readOnlyLimit.Dispose();
    }

    private async Task<T> GuardAsync<T>(ServerCallContext context, Func<Task<T>> call)
    {
        string method = context.Method;
        string name = method.StartsWith(ServicePrefix, StringComparison.Ordinal) ? method[ServicePrefix.Length..] : method;
        try
        {
            if (!method.StartsWith("/grpc.health.v1.", StringComparison.Ordinal))
            {
                Authorize(context, name);
            }

            var result = await call().ConfigureAwait(false);
            _metrics.ApiCall(name, StatusCode.OK);
            return result;
        }
        catch (RpcException e)
        {
            _metrics.ApiCall(name, e.StatusCode);
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The deadline passed or the client went away; the server reports which.
            var status = context.Deadline <= DateTime.UtcNow ? StatusCode.DeadlineExceeded : StatusCode.Cancelled;
            _metrics.ApiCall(name, status);
            throw new RpcException(new Status(status, status == StatusCode.DeadlineExceeded ? "the call's deadline passed; what it started goes on" : "the call was cancelled"));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogFailure(e, name);
            _metrics.ApiCall(name, StatusCode.Internal);
            throw new RpcException(new Status(StatusCode.Internal, "internal error; the daemon's log has the details"));
        }
    }

    private void Authorize(ServerCallContext context, string method)
    {
        string? header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "send 'authorization: Bearer <token>' with the admin.token or readonly.token from the data directory"));
        }

        byte[] token = Encoding.ASCII.GetBytes(header["Bearer ".Length..].Trim());
        bool admin = CryptographicOperations.FixedTimeEquals(token, _admin);
        bool readOnly = !admin && CryptographicOperations.FixedTimeEquals(token, _readOnly);
        if (!admin && !readOnly)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "unknown token: use admin.token or readonly.token from the data directory"));
        }

        if (readOnly && AdminMethods.Contains(method))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"{method} needs the admin token; the read-only token may only read"));
        }

        using var lease = (admin ? _adminLimit : _readOnlyLimit).AttemptAcquire();
        if (!lease.IsAcquired)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, "rate limit reached (Api:RateLimitPerMinute); retry in a minute"));
        }
    }

    private static FixedWindowRateLimiter Limiter(int perMinute) => new(new FixedWindowRateLimiterOptions
    {
        PermitLimit = perMinute,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    [LoggerMessage(Level = LogLevel.Error, Message = "API call {Method} failed")]
    private partial void LogFailure(Exception e, string method);
}
