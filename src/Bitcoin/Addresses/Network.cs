namespace Microchannels.Bitcoin.Addresses;

/// <summary>
/// The address and key prefixes of one Bitcoin chain. Testnet and signet share
/// every prefix (Bitcoin Core chainparams), so text alone cannot tell them apart:
/// parsers that infer the network from text pick <see cref="Testnet"/> for them,
/// and callers who mean signet pass <see cref="Signet"/> explicitly.
/// </summary>
public sealed class Network
{
    public static readonly Network Main = new("main", "bc", 0x00, 0x05, 0x80);

    public static readonly Network Testnet = new("test", "tb", 0x6f, 0xc4, 0xef);

    public static readonly Network Signet = new("signet", "tb", 0x6f, 0xc4, 0xef);

    public static readonly Network Regtest = new("regtest", "bcrt", 0x6f, 0xc4, 0xef);

    private Network(string name, string bech32Hrp, byte pubkeyAddressPrefix, byte scriptAddressPrefix, byte secretKeyPrefix)
    {
        Name = name;
        Bech32Hrp = bech32Hrp;
        PubkeyAddressPrefix = pubkeyAddressPrefix;
        ScriptAddressPrefix = scriptAddressPrefix;
        SecretKeyPrefix = secretKeyPrefix;
    }

    public static IReadOnlyList<Network> All { get; } = [Main, Testnet, Signet, Regtest];

    /// <summary>Bitcoin Core's chain name: "main", "test", "signet" or "regtest".</summary>
    public string Name { get; }

    /// <summary>The human-readable part of segwit addresses (BIP 173, "Segwit address format").</summary>
    public string Bech32Hrp { get; }

    /// <summary>Base58Check version byte of P2PKH addresses.</summary>
    public byte PubkeyAddressPrefix { get; }

    /// <summary>Base58Check version byte of P2SH addresses.</summary>
    public byte ScriptAddressPrefix { get; }

    /// <summary>Base58Check version byte of WIF secret keys.</summary>
    public byte SecretKeyPrefix { get; }

    /// <summary>The network with Bitcoin Core's chain name (as key_io_valid.json spells it in "chain").</summary>
    public static Network FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            "main" => Main,
            "test" => Testnet,
            "signet" => Signet,
            "regtest" => Regtest,
            _ => throw new ArgumentException($"Unknown network name '{name}'; expected main, test, signet or regtest.", nameof(name)),
        };
    }

    /// <summary>The network a lowercase HRP belongs to; "tb" resolves to testnet (see the class remarks).</summary>
    internal static Network? FromBech32Hrp(string hrp) => hrp switch
    {
        "bc" => Main,
        "tb" => Testnet,
        "bcrt" => Regtest,
        _ => null,
    };

    /// <summary>The network whose WIF prefix this is; 0xef resolves to testnet (see the class remarks).</summary>
    internal static Network? FromSecretKeyPrefix(byte prefix) => prefix switch
    {
        0x80 => Main,
        0xef => Testnet,
        _ => null,
    };

    public override string ToString() => Name;
}
