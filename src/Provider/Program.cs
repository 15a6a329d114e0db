using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Chain;
using Microchannels.Channels.Store;
using Microchannels.Hosting.Chain;
using Microchannels.Provider.Api;
using Microchannels.Provider.Configuration;
using Microchannels.Provider.Dashboard;
using Microchannels.Provider.Data;
using Microchannels.Provider.DataDirectory;
using Microchannels.Provider.Journal;
using Microchannels.Provider.Node;
using Microchannels.Provider.Telemetry;
using Microchannels.Settlement.Broadcasting;
using Microchannels.Settlement.Fees;
using Microchannels.Settlement.Rpc;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;

namespace Microchannels.Provider;

/// <summary>
/// The provider daemon: the composition root where the channel engine (Channels) and the
/// chain (Settlement) are wired together (DESIGN.md "Rooms"). Exit codes: 0 after a clean
/// stop (SIGTERM), 2 for a bad setting, 1 when it cannot start.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        ProviderSettings settings;
        DashboardOptions dashboard;
        ProviderDataDirectory data;
        WebApplicationBuilder builder;
        try
        {
            builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
            string dataDirectory = DataDirectoryOf(args);
            Layer(builder.Configuration, dataDirectory, args);
            settings = ProviderSettings.From(builder.Configuration, dataDirectory);
            dashboard = DashboardOptions.From(builder.Configuration);
        }
        catch (InvalidSettingException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }
        catch (FormatException e)
        {
            // A malformed command line or provider.json.
            await Console.Error.WriteLineAsync($"invalid configuration: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (InvalidDataException e)
        {
            await Console.Error.WriteLineAsync($"invalid configuration: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        try
        {
            data = ProviderDataDirectory.OpenOrCreate(settings.DataDirectory, settings.TlsHostNames);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Security.Cryptography.CryptographicException)
        {
            await Console.Error.WriteLineAsync($"cannot use data directory {settings.DataDirectory}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        if (data.TightenedFrom is { } wasMode)
        {
            Console.WriteLine($"Data directory {data.Path} had mode {DirectoryOwnership.Octal(wasMode)}; changed to 0700 so only this user can read the seed and the stores.");
        }

        if (data.SeedCreated)
        {
            Console.WriteLine($"Created the node seed at {Path.Combine(data.Path, ProviderDataDirectory.SeedFile)} (mode 0600).");
            Console.WriteLine("BACK IT UP NOW: every channel key derives from it; without it, funds in channels cannot be recovered.");
        }

        Configure(builder, settings, data, dashboard);
        await using var app = builder.Build();
        Map(app, settings, dashboard);
        var node = app.Services.GetRequiredService<ProviderNodeHost>();
        try
        {
            // The node first (channels resumed, listener bound), then the API; stopped the other way round.
            await node.StartAsync(app.Lifetime.ApplicationStopping).ConfigureAwait(false);
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ChannelStoreException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"cannot start: {e.Message}").ConfigureAwait(false);
            await node.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return 1;
        }

        Console.WriteLine($"Provider node {node.Node.NodeId} on {settings.Network}: meters connect to {node.Node.LocalEndPoint}, API on {(settings.ApiInsecure ? "h2c" : "https")}://{settings.ApiListen}");
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        await node.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    /// <summary>--datadir on the command line, else MICROCHANNELS_DATADIR, else ~/.microchannels/provider.</summary>
    private static string DataDirectoryOf(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--datadir" && i + 1 < args.Length)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith("--datadir=", StringComparison.Ordinal))
            {
                return args[i]["--datadir=".Length..];
            }
        }

        return Environment.GetEnvironmentVariable("MICROCHANNELS_DATADIR") is { Length: > 0 } fromEnvironment ? fromEnvironment : ProviderSettings.DefaultDataDirectory;
    }

    /// <summary>provider.json in the data directory, then MICROCHANNELS_* variables, then the command line: each overrides the one before.</summary>
    private static void Layer(ConfigurationManager configuration, string dataDirectory, string[] args)
    {
        configuration.Sources.Clear();
        configuration.AddJsonFile(Path.Combine(Path.GetFullPath(dataDirectory), "provider.json"), optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables("MICROCHANNELS_");
        configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--datadir"] = "DataDir",
            ["--network"] = "Network",
            ["--peer-listen"] = "Peer:Listen",
            ["--api-listen"] = "Api:Listen",
            ["--api-insecure"] = "Api:Insecure",
            ["--metrics-listen"] = "Metrics:Listen",
            ["--dashboard-listen"] = "Dashboard:Listen",
            ["--bitcoind-rpc-url"] = "Bitcoind:RpcUrl",
            ["--bitcoind-rpc-user"] = "Bitcoind:RpcUser",
            ["--bitcoind-rpc-password"] = "Bitcoind:RpcPassword",
            ["--bitcoind-cookie-file"] = "Bitcoind:CookieFile",
        });
    }

    private static void Configure(WebApplicationBuilder builder, ProviderSettings settings, ProviderDataDirectory data, DashboardOptions dashboard)
    {
        builder.Host.UseSystemd();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });

        // The chain loop logs bitcoind's absence once per attempt; the health service would repeat it per probe.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(settings.ApiListen, listen =>
            {
                if (settings.ApiInsecure)
                {
                    // Cleartext HTTP/2 needs the endpoint to speak HTTP/2 alone (prior knowledge).
                    listen.Protocols = HttpProtocols.Http2;
                }
                else
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(data.Certificate);
                }
            });
            if (settings.MetricsListen is { } metrics)
            {
                kestrel.Listen(metrics, listen => listen.Protocols = HttpProtocols.Http1);
            }

            if (dashboard.Listen is { } page)
            {
                kestrel.Listen(page, listen => listen.Protocols = HttpProtocols.Http1);
            }
        });

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(data);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => ProviderDatabase.Open(data.DaemonDatabasePath));
        services.AddSingleton(sp => TransferJournal.Open(data.JournalPath, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(_ => SqliteChannelStore.Open(new SqliteChannelStoreOptions(data.ChannelStorePath)));
        services.AddSingleton(sp => new JournalingChannelStore(sp.GetRequiredService<SqliteChannelStore>(), sp.GetRequiredService<TransferJournal>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(_ => new BitcoindRpcClient(new BitcoindRpcOptions(settings.BitcoindRpcUrl, Credentials(settings))
        {
            // The chain loop retries on its own; a call from the API should fail fast.
            Timeout = TimeSpan.FromSeconds(10),
            MaxRetries = 2,
        }));
        services.AddSingleton<ITransactionBroadcaster>(sp => new BitcoindTransactionBroadcaster(sp.GetRequiredService<BitcoindRpcClient>()));
        services.AddSingleton<IFeerateEstimator>(sp => new FeeEstimator(sp.GetRequiredService<BitcoindRpcClient>(), FeeratePerKw.MinimumRelay));
        services.AddSingleton<ChannelEventHub>();
        services.AddSingleton<ProviderMetrics>();
        services.AddSingleton<ProviderNodeHost>();
        services.AddSingleton<ApiInterceptor>();
        services.AddGrpc(o =>
        {
            o.Interceptors.Add<ApiInterceptor>();
            o.EnableDetailedErrors = false;
            o.MaxReceiveMessageSize = 1 << 20;
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks(o => o.UseHealthChecksCache = false)
            .Add(new HealthCheckRegistration("chain", sp => new ChainHealthCheck(() => sp.GetRequiredService<ProviderNodeHost>().Chain), HealthStatus.Unhealthy, null));
        if (dashboard.Listen is not null)
        {
            services.AddDashboard(dashboard);
        }

        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(ProviderMetrics.MeterName).AddPrometheusExporter());
    }

    private static void Map(WebApplication app, ProviderSettings settings, DashboardOptions dashboard)
    {
        // gRPC needs HTTP/2, which only the API endpoint speaks (the metrics endpoint is HTTP/1.1);
        // no host filter here, as clients may send any :authority (a TLS name override).
        app.Use(MalformedRequestStatus.RewriteAsync);
        int[] portBound = [.. new[] { settings.MetricsListen?.Port, dashboard.Listen?.Port }.OfType<int>()];
        app.Use(ListenerPortCheck.For(portBound));
        app.MapGrpcService<ProviderApi>();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        if (settings.MetricsListen is { } metrics)
        {
            app.MapPrometheusScrapingEndpoint().RequireHost($"*:{metrics.Port}");
        }

        if (dashboard.Listen is not null)
        {
            app.MapDashboard(dashboard);
        }
    }

    private static BitcoindCredentials Credentials(ProviderSettings settings)
    {
        if (settings.BitcoindCookieFile is { Length: > 0 } cookie)
        {
            return BitcoindCredentials.FromCookieFile(cookie);
        }

        if (settings.BitcoindRpcUser is { } user)
        {
            return BitcoindCredentials.FromUserPassword(user, settings.BitcoindRpcPassword!);
        }

        string chain = settings.Network switch { "mainnet" => "", "testnet" => "testnet3", var other => other };
        return BitcoindCredentials.FromDataDirectory(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".bitcoin"), chain);
    }
}
