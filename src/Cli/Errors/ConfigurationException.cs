namespace Microchannels.Cli.Errors;

/// <summary>A file mcli needs (token, certificate) is missing, unreadable or malformed.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
