namespace Microchannels.Cli.Errors;

/// <summary>
/// mcli's exit codes, one per class of failure, so a script can tell "fix the command" from
/// "try again later" without reading the message (docs/CLI.md "Exit codes").
/// </summary>
public enum ExitCode
{
    /// <summary>The call succeeded (or a stream ended normally).</summary>
    Success = 0,

    /// <summary>The daemon failed in a way the caller cannot fix (INTERNAL, UNKNOWN, DATA_LOSS, UNIMPLEMENTED).</summary>
    DaemonFailure = 1,

    /// <summary>The command line is wrong: unknown option, missing argument, malformed value.</summary>
    Usage = 2,

    /// <summary>mcli could not find or read what it needs: token file, certificate file, or the certificate does not match the daemon's.</summary>
    Configuration = 3,

    /// <summary>The daemon refused the token: UNAUTHENTICATED or PERMISSION_DENIED.</summary>
    Unauthorized = 4,

    /// <summary>NOT_FOUND: no such channel or meter.</summary>
    NotFound = 5,

    /// <summary>INVALID_ARGUMENT or OUT_OF_RANGE: the daemon rejected a value.</summary>
    InvalidArgument = 6,

    /// <summary>FAILED_PRECONDITION, ABORTED or ALREADY_EXISTS: the channel's state or balance does not allow the call.</summary>
    FailedPrecondition = 7,

    /// <summary>UNAVAILABLE: no daemon at the address, or the daemon cannot reach bitcoind.</summary>
    Unavailable = 8,

    /// <summary>DEADLINE_EXCEEDED or RESOURCE_EXHAUSTED: try again later (or with a longer --timeout).</summary>
    TryLater = 9,

    /// <summary>verify-statement: a statement file does not verify (a signature, the reading chain, the root, the totals or the tariff arithmetic).</summary>
    StatementInvalid = 10,

    /// <summary>The user interrupted mcli (Ctrl+C) before a call finished, or the call was CANCELLED.</summary>
    Interrupted = 130,
}
