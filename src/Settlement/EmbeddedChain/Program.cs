using System.Globalization;
using System.Runtime.InteropServices;
using Microchannels.EmbeddedChain.Hosting;
using Microchannels.EmbeddedChain.Validation;

namespace Microchannels.EmbeddedChain;

/// <summary>
/// <c>dotnet Microchannels.EmbeddedChain.dll --rpcport N --datadir D</c>: the SIMULATED regtest
/// chain as a process of its own, with bitcoind's option names (<c>-rpcport=N</c> works too).
/// Runs until Ctrl-C, SIGTERM or the <c>stop</c> RPC.
/// </summary>
public static class Program
{
    private const string Usage =
        "usage: Microchannels.EmbeddedChain --datadir DIR [--rpcport N] [--rpcuser U --rpcpassword P] [--minrelaytxfee BTC/kvB]\n" +
        "       [--incrementalrelayfee BTC/kvB] [--blockmintxfee BTC/kvB] [--blockinterval SECONDS] [--feerate BTC/kvB] [--nopersist]";

    public static async Task<int> Main(string[] args)
    {
        EmbeddedChainOptions options;
        try
        {
            options = Parse(args);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"{e.Message}\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        await using EmbeddedChainHost host = EmbeddedChainHost.Start(options);
        Console.WriteLine(EmbeddedChainHost.Banner);
        Console.WriteLine($"rpc http://127.0.0.1:{host.RpcPort}/ datadir {Path.GetFullPath(host.DataDirectory)} height {host.Node.Read(n => n.Chain.Height)}");
        Console.WriteLine(host.CookieFilePath is { } cookie ? $"cookie {cookie}" : $"rpcuser {options.RpcUser}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"minrelaytxfee {options.Policy.MinRelayFeeRate} sat/kvB, blocks {(options.BlockInterval is { } every ? $"every {every.TotalSeconds} s and " : string.Empty)}on request"));

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            host.RequestStop();
        });
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            host.RequestStop();
        };
        await host.Stopped.ConfigureAwait(false);
        Console.WriteLine("SIMULATED regtest chain stopped.");
        return 0;
    }

    private static EmbeddedChainOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i].TrimStart('-');
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                values[arg[..equals]] = arg[(equals + 1)..];
            }
            else if (arg is "nopersist" or "regtest")
            {
                values[arg] = "1";
            }
            else if (i + 1 < args.Length)
            {
                values[arg] = args[++i];
            }
            else
            {
                throw new FormatException($"Option {args[i]} needs a value.");
            }
        }

        string dataDirectory = values.GetValueOrDefault("datadir") ?? throw new FormatException("--datadir is required.");
        var policy = new RelayPolicy();
        policy = policy with
        {
            MinRelayFeeRate = Rate(values, "minrelaytxfee") ?? policy.MinRelayFeeRate,
            IncrementalRelayFeeRate = Rate(values, "incrementalrelayfee") ?? policy.IncrementalRelayFeeRate,
            BlockMinFeeRate = Rate(values, "blockmintxfee") ?? policy.BlockMinFeeRate,
            DustRelayFeeRate = Rate(values, "dustrelayfee") ?? policy.DustRelayFeeRate,
        };

        return new EmbeddedChainOptions
        {
            DataDirectory = dataDirectory,
            RpcPort = values.TryGetValue("rpcport", out string? port) ? int.Parse(port, CultureInfo.InvariantCulture) : 18443,
            RpcUser = values.GetValueOrDefault("rpcuser"),
            RpcPassword = values.GetValueOrDefault("rpcpassword"),
            Policy = policy,
            Persist = !values.ContainsKey("nopersist"),
            BlockInterval = values.TryGetValue("blockinterval", out string? seconds) ? TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)) : null,
            FeeRateEstimate = Rate(values, "feerate"),
        };
    }

    /// <summary>A rate given in BTC/kvB, as bitcoind takes -minrelaytxfee, in satoshis per kvB.</summary>
    private static long? Rate(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out string? text)
            ? (long)(decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture) * NBitcoin.Money.COIN)
            : null;
}
