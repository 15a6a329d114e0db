namespace Microchannels.Cli.Connection;

/// <summary>How to reach the daemon, after the global options and the data directory were resolved.</summary>
/// <param name="Server">The API address.</param>
/// <param name="CertificatePath">The certificate to pin; null with <paramref name="Cleartext"/>.</param>
/// <param name="TokenPath">The bearer token file.</param>
/// <param name="Cleartext">Talk h2c (the daemon's Api:Insecure, loopback only).</param>
/// <param name="Timeout">The deadline of each unary call; null for none.</param>
public sealed record ConnectionSettings(
    RpcServerAddress Server,
    string? CertificatePath,
    string TokenPath,
    bool Cleartext,
    TimeSpan? Timeout);
