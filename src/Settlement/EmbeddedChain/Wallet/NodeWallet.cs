using NBitcoin;

namespace Microchannels.EmbeddedChain.Wallet;

/// <summary>
/// A regtest wallet of the simulated node, just enough for a test harness: fresh P2WPKH keys
/// (<c>getnewaddress</c>), its coins found in the UTXO set and mempool. Keys are kept in
/// <c>&lt;datadir&gt;/regtest/wallets/&lt;name&gt;/wallet.keys</c> when the node has a data
/// directory. Regtest coins only: the keys are written in clear.
/// </summary>
public sealed class NodeWallet
{
    private readonly List<Key> _keys = [];
    private readonly Dictionary<Script, Key> _byScript = [];
    private readonly string? _keyFile;

    private NodeWallet(string name, string? keyFile)
    {
        Name = name;
        _keyFile = keyFile;
    }

    public string Name { get; }

    public IReadOnlyList<Key> Keys => _keys;

    /// <summary>A new, empty wallet; its key file (if any) is created.</summary>
    public static NodeWallet Create(string name, string? directory)
    {
        string? keyFile = null;
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
            keyFile = Path.Combine(directory, "wallet.keys");
            File.WriteAllText(keyFile, string.Empty);
        }

        return new NodeWallet(name, keyFile);
    }

    /// <summary>A wallet written before, from its directory.</summary>
    public static NodeWallet Load(string name, string directory)
    {
        string keyFile = Path.Combine(directory, "wallet.keys");
        var wallet = new NodeWallet(name, keyFile);
        foreach (string line in File.ReadAllLines(keyFile))
        {
            if (line.Length > 0)
            {
                wallet.Remember(new BitcoinSecret(line.Trim(), Network.RegTest).PrivateKey);
            }
        }

        return wallet;
    }

    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, "wallet.keys"));

    /// <summary>A fresh key's P2WPKH address (bech32, "bcrt1q...").</summary>
    public BitcoinAddress NewAddress()
    {
        var key = new Key();
        Remember(key);
        if (_keyFile is not null)
        {
            File.AppendAllLines(_keyFile, [key.GetWif(Network.RegTest).ToString()]);
        }

        return key.PubKey.GetAddress(ScriptPubKeyType.Segwit, Network.RegTest);
    }

    public bool Owns(Script scriptPubKey) => _byScript.ContainsKey(scriptPubKey);

    private void Remember(Key key)
    {
        _keys.Add(key);
        _byScript[key.PubKey.GetScriptPubKey(ScriptPubKeyType.Segwit)] = key;
    }
}
