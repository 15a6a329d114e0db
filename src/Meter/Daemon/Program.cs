using Microchannels.Meter.Daemon.Channel;
using Microchannels.Meter.Daemon.Configuration;
using Microchannels.Meter.Daemon.Secrets;
using Microchannels.Meter.Daemon.Status;
using Microchannels.Settlement.Rpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microchannels.Meter.Daemon;

/// <summary>
/// <c>meterd</c>: the meter daemon (issue 11). <c>meterd [options]</c> runs it; <c>meterd status</c>
/// prints the running daemon's status; <c>meterd close</c> asks it to close the channel
/// cooperatively. Exit codes: 0 after a clean stop, 2 for a bad setting, 1 when it cannot start
/// (or, for the commands, when the daemon does not answer).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        string? command = args is [var first, ..] && !first.StartsWith('-') ? first : null;
        string[] options = command is null ? args : args[1..];
        string dataDirectory = DataDirectoryOf(options);
        var configuration = new ConfigurationManager();
        try
        {
            Layer(configuration, dataDirectory, options);
            return command switch
            {
                null or "run" => await RunAsync(configuration, dataDirectory, options).ConfigureAwait(false),
                "status" or "close" => await StatusCommand.RunAsync(command, new SettingReader(configuration).LoopbackEndPoint("Status:Listen", "127.0.0.1:9740")).ConfigureAwait(false),
                _ => Usage(command),
            };
        }
        catch (InvalidSettingException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is FormatException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"invalid configuration: {e.Message}").ConfigureAwait(false);
            return 2;
        }
    }

    private static async Task<int> RunAsync(ConfigurationManager configuration, string dataDirectory, string[] args)
    {
        var settings = MeterSettings.From(configuration, Path.GetFullPath(dataDirectory));
        MeterKeys keys;
        try
        {
            Directory.CreateDirectory(settings.DataDirectory);
            keys = MeterKeys.OpenOrCreate(settings.DataDirectory, settings.Passphrase);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SecretFileException or System.Security.Cryptography.CryptographicException)
        {
            await Console.Error.WriteLineAsync($"cannot use data directory {settings.DataDirectory}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        using (keys)
        {
            if (keys.SeedCreated)
            {
                Console.WriteLine($"Created the meter seed at {Path.Combine(settings.DataDirectory, MeterKeys.SeedFile)} (mode 0600{(settings.Passphrase is null ? "" : ", encrypted")}).");
                Console.WriteLine("BACK IT UP NOW: the meter's wallet and channel keys derive from it.");
            }

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, DisableDefaults = true, Configuration = configuration });
            builder.Services.AddSystemd();
            builder.Logging.ClearProviders();
            builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
            if (string.Equals(configuration["Log:Format"], "json", StringComparison.OrdinalIgnoreCase))
            {
                builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
            }
            else
            {
                builder.Logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                    o.UseUtcTimestamp = true;
                });
            }

            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout);
            builder.Services.AddSingleton(settings);
            builder.Services.AddSingleton(keys);
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddSingleton(_ => new BitcoindRpcClient(new BitcoindRpcOptions(settings.BitcoindRpcUrl, Credentials(settings)) { Timeout = TimeSpan.FromSeconds(10), MaxRetries = 2 }));
            builder.Services.AddSingleton<MeterNode>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<MeterNode>());
            builder.Services.AddHostedService<StatusServer>();
            using var host = builder.Build();
            Console.WriteLine($"Meter {keys.NodeKey.PublicKey} on {settings.Network.Name}: pays {settings.Provider}, status on http://{settings.StatusListen}/status");
            try
            {
                await host.RunAsync().ConfigureAwait(false);
            }
            catch (System.Net.HttpListenerException e)
            {
                await Console.Error.WriteLineAsync($"cannot start: {e.Message}").ConfigureAwait(false);
                return 1;
            }

            return 0;
        }
    }

    private static int Usage(string command)
    {
        Console.Error.WriteLine($"unknown command '{command}': use meterd [run] [--datadir DIR] [options], meterd status, or meterd close");
        return 2;
    }

    /// <summary>--datadir on the command line, else MICROCHANNELS_DATADIR, else ~/.microchannels/meter.</summary>
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

        return Environment.GetEnvironmentVariable("MICROCHANNELS_DATADIR") is { Length: > 0 } fromEnvironment ? fromEnvironment : MeterSettings.DefaultDataDirectory;
    }

    /// <summary>meter.json in the data directory, then MICROCHANNELS_* variables, then the command line: each overrides the one before.</summary>
    private static void Layer(ConfigurationManager configuration, string dataDirectory, string[] args)
    {
        configuration.AddJsonFile(Path.Combine(Path.GetFullPath(dataDirectory), "meter.json"), optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables("MICROCHANNELS_");
        configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--datadir"] = "DataDir",
            ["--network"] = "Network",
            ["--provider"] = "Provider",
            ["--status-listen"] = "Status:Listen",
            ["--bitcoind-rpc-url"] = "Bitcoind:RpcUrl",
            ["--bitcoind-rpc-user"] = "Bitcoind:RpcUser",
            ["--bitcoind-rpc-password"] = "Bitcoind:RpcPassword",
            ["--bitcoind-cookie-file"] = "Bitcoind:CookieFile",
        });
    }

    private static BitcoindCredentials Credentials(MeterSettings settings)
    {
        if (settings.BitcoindCookieFile is { } cookie)
        {
            return BitcoindCredentials.FromCookieFile(cookie);
        }

        if (settings.BitcoindRpcUser is { } user)
        {
            return BitcoindCredentials.FromUserPassword(user, settings.BitcoindRpcPassword!);
        }

        string chain = settings.Network.Name switch { "main" => "", "test" => "testnet3", var other => other };
        return BitcoindCredentials.FromDataDirectory(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".bitcoin"), chain);
    }
}
