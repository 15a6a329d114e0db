namespace Microchannels.Cli.Connection;

/// <summary>
/// Where the provider daemon keeps what mcli needs, the way lncli finds lnd's tls.cert and
/// macaroons: one data directory holding the API certificate and the two bearer tokens.
/// These names must match the daemon's (src/Provider, ProviderDataDirectory).
/// </summary>
public static class DaemonDefaults
{
    /// <summary>The daemon's API certificate (PEM), self-signed, created at its first start.</summary>
    public const string CertificateFile = "tls.cert";

    /// <summary>The token that may call every method.</summary>
    public const string AdminTokenFile = "admin.token";

    /// <summary>The token that may call only the read methods.</summary>
    public const string ReadOnlyTokenFile = "readonly.token";

    /// <summary>The daemon's default API address (its Api:Listen setting).</summary>
    public const string RpcServer = "127.0.0.1:10009";

    /// <summary>The variable the daemon reads its data directory from when --datadir is not given.</summary>
    public const string DataDirectoryVariable = "MICROCHANNELS_DATADIR";

    /// <summary>The daemon's data directory as the daemon itself finds it: $MICROCHANNELS_DATADIR, else ~/.microchannels/provider.</summary>
    public static string DataDirectory =>
        Environment.GetEnvironmentVariable(DataDirectoryVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".microchannels", "provider");
}
