using System.Net;
using Microchannels.Channels.Wire;
using Microsoft.Extensions.Configuration;

namespace Microchannels.Provider.Configuration;

/// <summary>
/// The daemon's settings, read from the layered configuration (provider.json in the data
/// directory, then MICROCHANNELS_ environment variables, then the command line) and checked
/// once at start: the first bad value stops the daemon with one line naming it and its range.
/// </summary>
public sealed record ProviderSettings
{
    public required string DataDirectory { get; init; }

    /// <summary>regtest, testnet, signet or mainnet.</summary>
    public required string Network { get; init; }

    public required ChainHash ChainHash { get; init; }

    /// <summary>Where meters connect (BOLT 8).</summary>
    public required IPEndPoint PeerListen { get; init; }

    /// <summary>Where the gRPC API listens.</summary>
    public required IPEndPoint ApiListen { get; init; }

    /// <summary>Serve the API as cleartext HTTP/2 (h2c); only allowed on a loopback address.</summary>
    public bool ApiInsecure { get; init; }

    /// <summary>Calls per minute each token may make; beyond, RESOURCE_EXHAUSTED.</summary>
    public int ApiRateLimitPerMinute { get; init; }

    /// <summary>Extra host names for the TLS certificate created at first start.</summary>
    public IReadOnlyList<string> TlsHostNames { get; init; } = [];

    /// <summary>Where the Prometheus scrape endpoint (/metrics) listens; null disables it.</summary>
    public IPEndPoint? MetricsListen { get; init; }

    public required Uri BitcoindRpcUrl { get; init; }

    public string? BitcoindRpcUser { get; init; }

    public string? BitcoindRpcPassword { get; init; }

    public string? BitcoindCookieFile { get; init; }

    public TimeSpan ChainPollInterval { get; init; }

    /// <summary>Open channels with any meter, not only those on the allow-list (ProviderNodeOptions.OpenAdmission).</summary>
    public bool OpenToAllMeters { get; init; }

    public int MaxOpeningChannels { get; init; }

    /// <summary>Openings from one source address at once.</summary>
    public int MaxOpeningChannelsPerAddress { get; init; }

    /// <summary>Meters' connections at once, admitted or not.</summary>
    public int MaxPeerConnections { get; init; }

    /// <summary>Connections not yet admitted (handshake, init, first message) at once, in all and from one address.</summary>
    public int MaxPendingPeerConnections { get; init; }

    public int MaxPendingPeerConnectionsPerAddress { get; init; }

    public TimeSpan ShutdownTimeout { get; init; }

    public static string DefaultDataDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".microchannels", "provider");

    /// <summary>Reads and checks every setting; throws <see cref="InvalidSettingException"/> for the first bad one.</summary>
    public static ProviderSettings From(IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string network = configuration["Network"] ?? "regtest";
        var chainHash = NetworkChainHash(network);
        bool insecure = Bool(configuration, "Api:Insecure", false);
        var api = EndPoint(configuration, "Api:Listen", "127.0.0.1:10009");
        if (insecure && !IPAddress.IsLoopback(api.Address))
        {
            throw new InvalidSettingException("Api:Insecure", "cleartext h2c is allowed only when Api:Listen is a loopback address (127.0.0.1 or ::1)", "true");
        }

        string metrics = configuration["Metrics:Listen"] ?? "127.0.0.1:9464";
        string rpcUrl = configuration["Bitcoind:RpcUrl"] ?? DefaultRpcUrl(network);
        if (!Uri.TryCreate(rpcUrl, UriKind.Absolute, out var rpc) || (rpc.Scheme != Uri.UriSchemeHttp && rpc.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidSettingException("Bitcoind:RpcUrl", "must be an absolute http:// or https:// URL", rpcUrl);
        }

        string? user = configuration["Bitcoind:RpcUser"];
        string? password = configuration["Bitcoind:RpcPassword"];
        if (user is not null && (user.Length == 0 || user.Contains(':', StringComparison.Ordinal)))
        {
            throw new InvalidSettingException("Bitcoind:RpcUser", "must be non-empty and without ':'", user);
        }

        if ((user is null) != (password is null))
        {
            throw new InvalidSettingException(user is null ? "Bitcoind:RpcUser" : "Bitcoind:RpcPassword", "Bitcoind:RpcUser and Bitcoind:RpcPassword go together", "");
        }

        return new ProviderSettings
        {
            DataDirectory = dataDirectory,
            Network = network,
            ChainHash = chainHash,
            PeerListen = EndPoint(configuration, "Peer:Listen", "0.0.0.0:9735", allowAnyPort: true),
            ApiListen = api,
            ApiInsecure = insecure,
            ApiRateLimitPerMinute = Int(configuration, "Api:RateLimitPerMinute", 600_000, 1, 10_000_000),
            TlsHostNames = (configuration["Api:TlsHostNames"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            MetricsListen = metrics.Length == 0 ? null : EndPoint(configuration, "Metrics:Listen", metrics),
            BitcoindRpcUrl = rpc,
            BitcoindRpcUser = user,
            BitcoindRpcPassword = password,
            BitcoindCookieFile = configuration["Bitcoind:CookieFile"],
            ChainPollInterval = TimeSpan.FromMilliseconds(Int(configuration, "Bitcoind:PollIntervalMs", 2_000, 50, 600_000)),
            OpenToAllMeters = Bool(configuration, "Meters:OpenToAll", false),
            MaxOpeningChannels = Int(configuration, "Channels:MaxOpening", 1_000, 1, 1_000_000),
            MaxOpeningChannelsPerAddress = Int(configuration, "Channels:MaxOpeningPerAddress", 10, 1, 1_000_000),
            MaxPeerConnections = Int(configuration, "Peer:MaxConnections", 10_000, 1, 1_000_000),
            MaxPendingPeerConnections = Int(configuration, "Peer:MaxPending", 1_000, 1, 1_000_000),
            MaxPendingPeerConnectionsPerAddress = Int(configuration, "Peer:MaxPendingPerAddress", 32, 1, 1_000_000),
            ShutdownTimeout = TimeSpan.FromSeconds(Int(configuration, "ShutdownTimeoutSeconds", 20, 1, 600)),
        };
    }

    private static ChainHash NetworkChainHash(string network) => network switch
    {
        "regtest" => ChainHash.Regtest,
        "mainnet" => ChainHash.Bitcoin,

        // BOLT 0 chain_hash: the genesis block hash in internal (little-endian) byte order.
        "testnet" => GenesisHash("000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943"),
        "signet" => GenesisHash("00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6"),
        _ => throw new InvalidSettingException("Network", "must be one of regtest, testnet, signet, mainnet", network),
    };

    private static ChainHash GenesisHash(string displayHex)
    {
        byte[] bytes = Convert.FromHexString(displayHex);
        bytes.AsSpan().Reverse();
        return new ChainHash(bytes);
    }

    private static string DefaultRpcUrl(string network) => network switch
    {
        "mainnet" => "http://127.0.0.1:8332/",
        "testnet" => "http://127.0.0.1:18332/",
        "signet" => "http://127.0.0.1:38332/",
        _ => "http://127.0.0.1:18443/",
    };

    private static IPEndPoint EndPoint(IConfiguration configuration, string key, string fallback, bool allowAnyPort = false)
    {
        string value = configuration[key] ?? fallback;
        int lowest = allowAnyPort ? 0 : 1;
        if (IPEndPoint.TryParse(value, out var endPoint) && endPoint.Port >= lowest && endPoint.Port <= 65535 && value.Contains(':', StringComparison.Ordinal))
        {
            return endPoint;
        }

        throw new InvalidSettingException(key, $"must be an IP address and port, like 127.0.0.1:10009 or [::1]:10009, port {lowest}-65535{(allowAnyPort ? " (0 picks a free one)" : "")}", value);
    }

    private static int Int(IConfiguration configuration, string key, int fallback, int min, int max)
    {
        string? value = configuration[key];
        if (value is null)
        {
            return fallback;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw new InvalidSettingException(key, $"must be a whole number from {min} to {max}", value);
    }

    private static bool Bool(IConfiguration configuration, string key, bool fallback)
    {
        string? value = configuration[key];
        return value is null ? fallback : bool.TryParse(value, out bool parsed) ? parsed : throw new InvalidSettingException(key, "must be true or false", value);
    }
}
