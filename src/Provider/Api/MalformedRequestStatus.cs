using Microsoft.AspNetCore.Http.Features;

namespace Microchannels.Provider.Api;

/// <summary>
/// A request body that is not a valid protobuf message fails inside Grpc.AspNetCore, before
/// any interceptor runs, and comes out as UNKNOWN ("Exception was thrown by handler"). Every
/// failure after deserialization is already a status (<see cref="ApiInterceptor"/> turns
/// anything else into INTERNAL), so an UNKNOWN from the API service can only be a request we
/// could not read: this middleware answers it as INVALID_ARGUMENT with a message that says so.
/// </summary>
internal static class MalformedRequestStatus
{
    private const string ServicePath = "/microchannels.provider.v1.ProviderService";
    private const string Unknown = "2";
    private const string InvalidArgument = "3";
    private const string Message = "the request is not a valid protobuf message of this method's request type";

    public static async Task RewriteAsync(HttpContext context, Func<Task> next)
    {
        await next().ConfigureAwait(false);
        if (!context.Request.Path.StartsWithSegments(ServicePath, StringComparison.Ordinal))
        {
            return;
        }

        if (!context.Response.HasStarted)
        {
            Rewrite(context.Response.Headers);
        }

        if (context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers is { IsReadOnly: false } trailers)
        {
            Rewrite(trailers);
        }
    }

    private static void Rewrite(IHeaderDictionary headers)
    {
        if (headers.TryGetValue("grpc-status", out var status) && status == Unknown)
        {
            headers["grpc-status"] = InvalidArgument;
            headers["grpc-message"] = Message;
        }
    }
}
