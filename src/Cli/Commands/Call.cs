using Grpc.Core;
using Microchannels.Cli.Connection;
using Microchannels.Cli.Output;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Commands;

/// <summary>What a command's call needs: the client, the call options, the output.</summary>
public sealed class Call(DaemonConnection connection, CommandOutput output, CancellationToken cancellation)
{
    public ProviderService.ProviderServiceClient Client => connection.Client;

    public CommandOutput Output => output;

    public CancellationToken Cancellation => cancellation;

    /// <summary>Options for a unary call (token, --timeout).</summary>
    public CallOptions Unary => connection.Unary(cancellation);

    /// <summary>Options for a stream (token, no deadline).</summary>
    public CallOptions Stream => connection.Stream(cancellation);

    /// <summary>
    /// Prints a server stream item by item until the daemon ends it, <paramref name="limit"/>
    /// items were printed, or the user stops mcli (Ctrl+C, SIGTERM), which ends it normally.
    /// </summary>
    public async Task PrintStreamAsync<T>(AsyncServerStreamingCall<T> call, Func<T, string> line, long? limit)
        where T : class, Google.Protobuf.IMessage
    {
        ArgumentNullException.ThrowIfNull(call);
        using (call)
        {
            try
            {
                long printed = 0;
                while ((limit is null || printed < limit) && await call.ResponseStream.MoveNext(cancellation).ConfigureAwait(false))
                {
                    output.WriteStreamItem(call.ResponseStream.Current, line);
                    printed++;
                }
            }
            catch (Exception e) when (cancellation.IsCancellationRequested
                && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
            {
                // Stopped by the user: a subscription's normal end.
            }
        }
    }
}
