namespace Microchannels.Cli.Errors;

/// <summary>What mcli prints on standard error (one line) and the exit code it ends with.</summary>
public sealed record Failure(string Message, ExitCode ExitCode);
