namespace Microchannels.Cli.Errors;

/// <summary>The daemon handed out a page token it had handed out before: following pages would never end.</summary>
public sealed class RpcLoopException(string command)
    : Exception($"the daemon returned a page token twice while {command} followed --all: list page by page with --page-token, and report this to the daemon's maintainers");
