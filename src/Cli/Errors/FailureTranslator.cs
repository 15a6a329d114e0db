using System.Net.Sockets;
using System.Security.Authentication;
using Grpc.Core;
using Microchannels.Cli.Connection;

namespace Microchannels.Cli.Errors;

/// <summary>
/// Turns whatever ended a command into one line that says what to do, and an exit code per
/// class of failure. No exception type names or stack traces: the daemon never sends them
/// (issue 10 "Errors") and mcli does not print its own.
/// </summary>
public static class FailureTranslator
{
    /// <param name="failure">What was thrown.</param>
    /// <param name="command">The mcli command that ran ("closechannel").</param>
    /// <param name="connection">The connection, when one was opened.</param>
    public static Failure Translate(Exception failure, string command, DaemonConnection? connection)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure switch
        {
            UsageException e => new Failure(e.Message, ExitCode.Usage),
            ConfigurationException e => new Failure(e.Message, ExitCode.Configuration),
            RpcLoopException e => new Failure(e.Message, ExitCode.DaemonFailure),
            RpcException e => FromStatus(e.Status, command, connection),
            OperationCanceledException => new Failure("interrupted", ExitCode.Interrupted),
            IOException e => new Failure($"cannot write the output: {OneLine(e.Message)}", ExitCode.DaemonFailure),
            _ => new Failure($"unexpected error: {OneLine(failure.Message)}", ExitCode.DaemonFailure),
        };
    }

    private static Failure FromStatus(Status status, string command, DaemonConnection? connection)
    {
        string detail = OneLine(status.Detail);
        string server = connection?.Settings.Server.ToString() ?? "the daemon";

        // Failures of the connection itself come with the client-side exception; Grpc.Net.Client
        // reports them as UNAVAILABLE or, for a refused certificate, INTERNAL.
        if (status.DebugException is not null && Connection(status.DebugException, detail, server, connection) is { } failure)
        {
            return failure;
        }

        return status.StatusCode switch
        {
            StatusCode.Unavailable => new Failure(
                $"the daemon at {server} is unavailable for this call ({detail}): try again once it is synced to the chain",
                ExitCode.Unavailable),
            StatusCode.Unauthenticated => new Failure(
                $"the daemon at {server} refused the token in {connection?.Settings.TokenPath} ({detail}): use the token from this daemon's data directory (--datadir or --token-file)",
                ExitCode.Unauthorized),
            StatusCode.PermissionDenied => new Failure(
                $"{command} is not allowed with the token in {connection?.Settings.TokenPath} ({detail}): use the admin token (drop --readonly, or pass --token-file <datadir>/admin.token)",
                ExitCode.Unauthorized),
            StatusCode.NotFound => new Failure($"not found: {detail}", ExitCode.NotFound),
            StatusCode.InvalidArgument or StatusCode.OutOfRange => new Failure($"invalid argument: {detail}", ExitCode.InvalidArgument),
            StatusCode.FailedPrecondition or StatusCode.Aborted or StatusCode.AlreadyExists =>
                new Failure($"not possible now: {detail}", ExitCode.FailedPrecondition),
            StatusCode.DeadlineExceeded => new Failure(
                $"no answer from {server} within {Seconds(connection)} ({detail}): pass a longer --timeout, or check the daemon's log",
                ExitCode.TryLater),
            StatusCode.ResourceExhausted => new Failure($"rate limited by the daemon ({detail}): wait a moment and try again", ExitCode.TryLater),
            StatusCode.Cancelled => new Failure($"cancelled ({detail})", ExitCode.Interrupted),
            StatusCode.Unimplemented => new Failure(
                $"the daemon at {server} does not know {command} ({detail}): is it a Microchannels provider daemon of the same version as mcli?",
                ExitCode.DaemonFailure),
            _ => new Failure($"the daemon failed ({status.StatusCode}: {detail}): see the daemon's log", ExitCode.DaemonFailure),
        };
    }

    private static Failure? Connection(Exception cause, string detail, string server, DaemonConnection? connection)
    {
        var socket = Find<SocketException>(cause);
        if (socket?.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return new Failure(
                $"no daemon is running at {server} (connection refused): start the provider daemon, or pass --rpcserver with its API address",
                ExitCode.Unavailable);
        }

        if (socket?.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain)
        {
            return new Failure($"cannot resolve the host of {server}: check --rpcserver", ExitCode.Unavailable);
        }

        if (socket is not null)
        {
            return new Failure($"cannot reach {server} ({OneLine(socket.Message)}): check --rpcserver and the network", ExitCode.Unavailable);
        }

        if (connection?.Pin is { Refused: true } pin)
        {
            return new Failure(
                $"the daemon at {server} presented a TLS certificate that does not match {pin.Path}: pass --tlscert with that daemon's tls.cert (or --datadir of that daemon)",
                ExitCode.Configuration);
        }

        if (Find<AuthenticationException>(cause) is { } tls)
        {
            return new Failure(
                $"no TLS connection to {server} ({OneLine(tls.Message)}): if the daemon serves cleartext on loopback (Api:Insecure), pass --no-tls",
                ExitCode.Unavailable);
        }

        if (Find<HttpRequestException>(cause) is not null || Find<IOException>(cause) is not null)
        {
            return new Failure($"cannot talk to {server} ({detail}): check --rpcserver, and that the daemon is running", ExitCode.Unavailable);
        }

        return null;
    }

    private static string Seconds(DaemonConnection? connection) =>
        connection?.Settings.Timeout is { } timeout
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{timeout.TotalSeconds:0.###} s")
            : "the deadline";

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
