using System.Security.Cryptography;
using System.Text;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Meter.Daemon.Secrets;

/// <summary>
/// The buyer's keys, held by the daemon: the seed (<c>seed</c>) from which the BOLT 8 node key,
/// the on-chain wallet and every channel's keys derive (HMAC-SHA256 with a label each, so none
/// reveals another), and the reading key (<c>reading.key</c>) kept apart so it can later move
/// into a secure element without the seed (DESIGN.md decision 5).
/// </summary>
public sealed class MeterKeys : IDisposable
{
    public const string SeedFile = "seed";
    public const string ReadingKeyFile = "reading.key";
    private readonly byte[] _seed;
    private readonly byte[] _reading;

    private MeterKeys(byte[] seed, byte[] reading, bool created)
    {
        _seed = seed;
        _reading = reading;
        SeedCreated = created;
        NodeKey = PrivateKey.FromBytes(Derive("microchannels/meter/node"));
    }

    public bool SeedCreated { get; }

    /// <summary>The meter's BOLT 8 static key: its node id is how the provider knows it.</summary>
    public PrivateKey NodeKey { get; }

    /// <summary>The on-chain wallet's seed (Settlement's MeterWallet).</summary>
    public byte[] WalletSeed => Derive("microchannels/meter/wallet");

    /// <summary>The node seed for channel keys (Channels' PeerChannelSigners).</summary>
    public byte[] ChannelSeed => Derive("microchannels/meter/channels");

    /// <summary>A fresh copy of the reading key (the reading signer owns and disposes it).</summary>
    public PrivateKey ReadingKey() => PrivateKey.FromBytes(_reading);

    /// <exception cref="SecretFileException">A key file that cannot be used.</exception>
    public static MeterKeys OpenOrCreate(string dataDirectory, string? passphrase)
    {
        var (seed, created) = SecretFile.ReadOrCreate(Path.Combine(dataDirectory, SeedFile), passphrase);
        var (reading, _) = SecretFile.ReadOrCreate(Path.Combine(dataDirectory, ReadingKeyFile), passphrase);
        return new MeterKeys(seed, reading, created);
    }

    public void Dispose()
    {
        NodeKey.Dispose();
        CryptographicOperations.ZeroMemory(_seed);
        CryptographicOperations.ZeroMemory(_reading);
    }

    private byte[] Derive(string label) => HMACSHA256.HashData(_seed, Encoding.ASCII.GetBytes(label));
}
