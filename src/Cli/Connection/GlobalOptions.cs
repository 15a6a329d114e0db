using System.CommandLine;
using Microchannels.Cli.Errors;

namespace Microchannels.Cli.Connection;

/// <summary>
/// The options every command takes, named as lncli names them (--rpcserver, --tlscert,
/// --readonly), and how they resolve against the data directory.
/// </summary>
public sealed class GlobalOptions
{
    public Option<string> RpcServer { get; } = new("--rpcserver")
    {
        Description = "The daemon's API address, host:port",
        DefaultValueFactory = _ => DaemonDefaults.RpcServer,
        Recursive = true,
    };

    public Option<string> DataDirectory { get; } = new("--datadir")
    {
        Description = "The daemon's data directory, where tls.cert and the tokens are ($MICROCHANNELS_DATADIR, else ~/.microchannels/provider)",
        DefaultValueFactory = _ => DaemonDefaults.DataDirectory,
        Recursive = true,
    };

    public Option<string?> TlsCertificate { get; } = new("--tlscert")
    {
        Description = "The daemon's TLS certificate to trust (default: <datadir>/tls.cert)",
        Recursive = true,
    };

    public Option<string?> TokenFile { get; } = new("--token-file")
    {
        Description = "The bearer token file (default: <datadir>/admin.token, or readonly.token with --readonly)",
        Recursive = true,
    };

    public Option<bool> ReadOnly { get; } = new("--readonly")
    {
        Description = "Use the read-only token: read methods only",
        Recursive = true,
    };

    public Option<bool> NoTls { get; } = new("--no-tls")
    {
        Description = "Talk cleartext HTTP/2 to a daemon started with Api:Insecure (loopback addresses only)",
        Recursive = true,
    };

    public Option<int> TimeoutSeconds { get; } = new("--timeout")
    {
        Description = "Seconds to wait for an answer (not for streams); 0 waits for ever",
        DefaultValueFactory = _ => 30,
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON (proto3 field names; one object per line for streams) instead of tables",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Add(RpcServer);
        root.Add(DataDirectory);
        root.Add(TlsCertificate);
        root.Add(TokenFile);
        root.Add(ReadOnly);
        root.Add(NoTls);
        root.Add(TimeoutSeconds);
        root.Add(Json);
    }

    /// <summary>Resolves the options into where to connect and which files to read.</summary>
    public ConnectionSettings Resolve(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var server = RpcServerAddress.Parse(parse.GetValue(RpcServer) ?? DaemonDefaults.RpcServer);
        string dataDirectory = ExpandHome(parse.GetValue(DataDirectory) ?? DaemonDefaults.DataDirectory);
        bool readOnly = parse.GetValue(ReadOnly);
        string? tokenFile = parse.GetValue(TokenFile);
        if (readOnly && tokenFile is not null)
        {
            throw new UsageException("--readonly picks readonly.token in the data directory; with --token-file, name the token file alone");
        }

        bool cleartext = parse.GetValue(NoTls);
        string? certificate = parse.GetValue(TlsCertificate);
        if (cleartext && !server.IsLoopback)
        {
            throw new UsageException($"--no-tls sends the token unencrypted, so it is allowed only to a loopback address, not {server}");
        }

        if (cleartext && certificate is not null)
        {
            throw new UsageException("--no-tls and --tlscert contradict each other: drop one");
        }

        int seconds = parse.GetValue(TimeoutSeconds);
        if (seconds < 0)
        {
            throw new UsageException("--timeout must be 0 (no deadline) or a number of seconds");
        }

        return new ConnectionSettings(
            server,
            cleartext ? null : ExpandHome(certificate ?? Path.Combine(dataDirectory, DaemonDefaults.CertificateFile)),
            ExpandHome(tokenFile ?? Path.Combine(dataDirectory, readOnly ? DaemonDefaults.ReadOnlyTokenFile : DaemonDefaults.AdminTokenFile)),
            cleartext,
            seconds == 0 ? null : TimeSpan.FromSeconds(seconds));
    }

    // "--datadir=~/x" reaches us unexpanded (the shell expands ~ only at the start of a word).
    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "")
            : path;
}
