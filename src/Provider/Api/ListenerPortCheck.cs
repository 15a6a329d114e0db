using Microsoft.AspNetCore.Http;

namespace Microchannels.Provider.Api;

/// <summary>
/// The metrics and dashboard routes are chosen by the Host header's port (RequireHost), which
/// the client writes. A request that names one of those ports but arrived on another listener
/// (the public API port, say) is answered 404 here, before routing: without this, a remote
/// client could reach the loopback-only, tokenless dashboard through the API port.
/// </summary>
internal static class ListenerPortCheck
{
    public static Func<HttpContext, RequestDelegate, Task> For(IReadOnlyCollection<int> portBoundListeners) =>
        (context, next) =>
        {
            int? named = context.Request.Host.Port;
            if (named is { } port && portBoundListeners.Contains(port) && context.Connection.LocalPort != port)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        };
}
