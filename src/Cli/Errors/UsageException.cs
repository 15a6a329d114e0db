namespace Microchannels.Cli.Errors;

/// <summary>A value on the command line that mcli can reject before calling the daemon.</summary>
public sealed class UsageException(string message) : Exception(message);
