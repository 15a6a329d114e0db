using System.Net;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Addresses;
using Microchannels.Channels.Wire;
using Microchannels.Meter.Accounting;
using Microchannels.Meter.Sources.S0;
using Microchannels.Meter.Streaming;
using Microsoft.Extensions.Configuration;

namespace Microchannels.Meter.Daemon.Configuration;

/// <summary>
/// The meter daemon's settings, read from the layered configuration (meter.json in the data
/// directory, then MICROCHANNELS_ environment variables, then the command line) and checked
/// once at start: the first bad value stops the daemon with one line naming it.
/// </summary>
public sealed record MeterSettings
{
    public required string DataDirectory { get; init; }

    public required Network Network { get; init; }

    public required ChainHash ChainHash { get; init; }

    /// <summary>The provider to open a channel with and pay (<c>Provider</c>: nodeid@host:port).</summary>
    public required ProviderAddress Provider { get; init; }

    public required Uri BitcoindRpcUrl { get; init; }

    public string? BitcoindRpcUser { get; init; }

    public string? BitcoindRpcPassword { get; init; }

    public string? BitcoindCookieFile { get; init; }

    public TimeSpan ChainPollInterval { get; init; }

    /// <summary>The channel's capacity, funded from the meter's own wallet.</summary>
    public Satoshis FundingAmount { get; init; }

    /// <summary>The commitment and funding feerate when bitcoind has no estimate (regtest never has).</summary>
    public FeeratePerKw FallbackFeerate { get; init; }

    /// <summary>How long the provider may leave a transfer unacknowledged, or stay unreachable, before the meter force-closes.</summary>
    public TimeSpan ForceCloseAfter { get; init; }

    public TimeSpan ReconnectBaseDelay { get; init; }

    public TimeSpan ReconnectMaxDelay { get; init; }

    public required PaymentStreamerOptions Payments { get; init; }

    public required TariffSchedule Tariff { get; init; }

    public ulong TariffCeilingMsatPerWh { get; init; }

    /// <summary>simulated, s0, sml or replay.</summary>
    public required string SourceKind { get; init; }

    public required S0Options S0 { get; init; }

    /// <summary>constant, daily or randomwalk (the simulated source's load).</summary>
    public string SimulatedProfile { get; init; } = "constant";

    public double SimulatedWatts { get; init; }

    public string? GpioChip { get; init; }

    public int S0Line { get; init; }

    public string? SerialPort { get; init; }

    public string? ReplayFile { get; init; }

    /// <summary>simulated or gpio.</summary>
    public required string RelayKind { get; init; }

    public int RelayLine { get; init; }

    public bool RelayActiveLow { get; init; }

    /// <summary>Where the loopback JSON status endpoint listens (GET /status, POST /close).</summary>
    public required IPEndPoint StatusListen { get; init; }

    /// <summary>Encrypts the seed and reading key files (AES-GCM under a PBKDF2 key) when set.</summary>
    public string? Passphrase { get; init; }

    public TimeSpan ShutdownTimeout { get; init; }

    public static string DefaultDataDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".microchannels", "meter");

    /// <summary>Reads and checks every setting; throws <see cref="InvalidSettingException"/> for the first bad one.</summary>
    public static MeterSettings From(IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var read = new SettingReader(configuration);
        string network = read.Choice("Network", "regtest", "regtest", "testnet", "signet", "mainnet");
        var provider = ProviderAddress.Parse("Provider", read.Text("Provider"));

        string rpcUrl = configuration["Bitcoind:RpcUrl"] ?? DefaultRpcUrl(network);
        if (!Uri.TryCreate(rpcUrl, UriKind.Absolute, out var rpc) || (rpc.Scheme != Uri.UriSchemeHttp && rpc.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidSettingException("Bitcoind:RpcUrl", "must be an absolute http:// or https:// URL", rpcUrl);
        }

        string? user = configuration["Bitcoind:RpcUser"];
        string? password = configuration["Bitcoind:RpcPassword"];
        if ((user is null) != (password is null))
        {
            throw new InvalidSettingException(user is null ? "Bitcoind:RpcUser" : "Bitcoind:RpcPassword", "Bitcoind:RpcUser and Bitcoind:RpcPassword go together", "");
        }

        var payments = new PaymentStreamerOptions
        {
            Interval = read.Seconds("Payments:IntervalSeconds", 5, 1, 3600),
            Mode = read.Choice("Payments:Mode", "postpay", "postpay", "prepay") == "prepay" ? PaymentMode.Prepay : PaymentMode.Postpay,
            PrepayCreditMsat = (ulong)read.Long("Payments:PrepayCreditMsat", 100_000, 0, 1_000_000_000_000),
            AllowanceMsat = (ulong)read.Long("Payments:AllowanceMsat", 50_000, 0, 1_000_000_000_000),
            AcknowledgementTimeout = read.Seconds("Payments:AcknowledgementTimeoutSeconds", 30, 0.1, 86_400),

            // Every version-2 reading names the chain and the provider (docs/PROTOCOL.md).
            ChainHash = NetworkChainHash(network),
            ProviderNodeId = new Microchannels.Channels.Wire.Point(provider.NodeId.AsSpan()),
        };

        var s0 = new S0Options
        {
            ImpulsesPerKilowattHour = (uint)read.Long("Source:ImpulsesPerKwh", 1000, 1, 100_000),
            Debounce = read.Milliseconds("Source:DebounceMs", 20, 0, 1000),
            MaximumPowerWatts = read.Double("Source:MaxPowerWatts", 30_000, 1, 1_000_000),
        };

        var settings = new MeterSettings
        {
            DataDirectory = dataDirectory,
            Network = network switch { "mainnet" => Network.Main, "testnet" => Network.Testnet, "signet" => Network.Signet, _ => Network.Regtest },
            ChainHash = NetworkChainHash(network),
            Provider = provider,
            BitcoindRpcUrl = rpc,
            BitcoindRpcUser = user,
            BitcoindRpcPassword = password,
            BitcoindCookieFile = read.Text("Bitcoind:CookieFile"),
            ChainPollInterval = read.Milliseconds("Bitcoind:PollIntervalMs", 2_000, 50, 600_000),
            FundingAmount = new Satoshis(read.Long("Channel:FundingSat", 200_000, 20_000, (1L << 24) - 1)),
            FallbackFeerate = new FeeratePerKw((uint)read.Long("Channel:FallbackFeeratePerKw", 2_500, 253, 50_000)),
            ForceCloseAfter = read.Seconds("Channel:ForceCloseAfterSeconds", 600, 1, 30 * 86_400),
            ReconnectBaseDelay = read.Milliseconds("Channel:ReconnectBaseDelayMs", 500, 10, 600_000),
            ReconnectMaxDelay = read.Milliseconds("Channel:ReconnectMaxDelayMs", 30_000, 10, 3_600_000),
            Payments = payments,
            Tariff = TariffSchedule.Flat(new TariffPrice(
                (ulong)read.Long("Tariff:ImportMsatPerWh", 300, 0, 1_000_000_000),
                configuration["Tariff:FeedInMsatPerWh"] is null ? null : (ulong)read.Long("Tariff:FeedInMsatPerWh", 0, 0, 1_000_000_000))),
            TariffCeilingMsatPerWh = (ulong)read.Long("Tariff:CeilingMsatPerWh", 1_000, 0, 1_000_000_000),
            SourceKind = read.Choice("Source:Kind", "simulated", "simulated", "s0", "sml", "replay"),
            S0 = s0,
            SimulatedProfile = read.Choice("Source:Profile", "constant", "constant", "daily", "randomwalk"),
            SimulatedWatts = read.Double("Source:Watts", 2_000, 0, 1_000_000),
            GpioChip = read.Text("Source:GpioChip") ?? read.Text("Gpio:Chip"),
            S0Line = read.Int("Source:GpioLine", 17, 0, 1023),
            SerialPort = read.Text("Source:SerialPort"),
            ReplayFile = read.Text("Source:ReplayFile"),
            RelayKind = read.Choice("Relay:Kind", "simulated", "simulated", "gpio"),
            RelayLine = read.Int("Relay:GpioLine", 27, 0, 1023),
            RelayActiveLow = read.Bool("Relay:ActiveLow", false),
            StatusListen = read.LoopbackEndPoint("Status:Listen", "127.0.0.1:9740"),
            Passphrase = read.Text("Seed:Passphrase"),
            ShutdownTimeout = read.Seconds("ShutdownTimeoutSeconds", 20, 1, 600),
        };
        settings.Check(read);
        return settings;
    }

    private void Check(SettingReader read)
    {
        if (ReconnectMaxDelay < ReconnectBaseDelay)
        {
            throw new InvalidSettingException("Channel:ReconnectMaxDelayMs", "must not be below Channel:ReconnectBaseDelayMs", ReconnectMaxDelay.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (Tariff.HighestImportMsatPerWh > TariffCeilingMsatPerWh)
        {
            throw new InvalidSettingException("Tariff:ImportMsatPerWh", $"must not exceed Tariff:CeilingMsatPerWh ({TariffCeilingMsatPerWh})", Tariff.HighestImportMsatPerWh.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        switch (SourceKind)
        {
            case "s0" when GpioChip is null:
                throw new InvalidSettingException("Source:GpioChip", "is required for Source:Kind s0: the GPIO chip's label (pinctrl-rp1 on a Pi 5, pinctrl-bcm2711 on a Pi 4)", "");
            case "sml" when SerialPort is null:
                throw new InvalidSettingException("Source:SerialPort", "is required for Source:Kind sml (the IR head's serial device, like /dev/ttyUSB0)", "");
            case "replay" when ReplayFile is null || !File.Exists(ReplayFile):
                throw new InvalidSettingException("Source:ReplayFile", "must name an existing recording for Source:Kind replay", ReplayFile);
        }

        if (RelayKind == "gpio" && (read.Text("Relay:GpioChip") ?? GpioChip) is null)
        {
            throw new InvalidSettingException("Relay:GpioChip", "is required for Relay:Kind gpio (or set Source:GpioChip)", "");
        }

        try
        {
            Payments.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidSettingException("Payments:" + e.ParamName, "out of range: " + e.Message, "");
        }
    }

    private static ChainHash NetworkChainHash(string network) => network switch
    {
        "regtest" => ChainHash.Regtest,
        "mainnet" => ChainHash.Bitcoin,

        // BOLT 0 chain_hash: the genesis block hash in internal (little-endian) byte order.
        "testnet" => GenesisHash("000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943"),
        _ => GenesisHash("00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6"),
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
}
