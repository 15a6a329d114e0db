using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Hosting.Files;

namespace Microchannels.Provider.DataDirectory;

/// <summary>
/// The daemon's data directory (lnd's model, simplified): the node seed, the SQLite files, a
/// self-signed TLS certificate and key for the API, and two bearer tokens (admin, read-only).
/// Everything secret is created at first start with mode 0600; the directory is 0700, and an
/// existing one that others could enter is tightened to 0700 at start (<see cref="DirectoryOwnership"/>).
/// </summary>
public sealed class ProviderDataDirectory
{
    public const string SeedFile = "seed.hex";
    public const string AdminTokenFile = "admin.token";
    public const string ReadOnlyTokenFile = "readonly.token";
    public const string CertificateFile = "tls.cert";
    public const string KeyFile = "tls.key";

    private ProviderDataDirectory(string path, byte[] seed, string adminToken, string readOnlyToken, X509Certificate2 certificate, bool seedCreated)
    {
        Path = path;
        Seed = seed;
        AdminToken = adminToken;
        ReadOnlyToken = readOnlyToken;
        Certificate = certificate;
        SeedCreated = seedCreated;
    }

    public string Path { get; }

    /// <summary>The node seed: the node key and every channel key derive from it (back it up).</summary>
    public byte[] Seed { get; }

    public bool SeedCreated { get; }

    /// <summary>The mode the directory had when this start tightened it to 0700; null when it was private already or new.</summary>
    public UnixFileMode? TightenedFrom { get; private init; }

    public string AdminToken { get; }

    public string ReadOnlyToken { get; }

    /// <summary>The API's certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public string ChannelStorePath => System.IO.Path.Combine(Path, "channels.db");

    public string JournalPath => System.IO.Path.Combine(Path, "journal.db");

    public string DaemonDatabasePath => System.IO.Path.Combine(Path, "provider.db");

    /// <summary>The BOLT 8 node key, derived from the seed with its own tag (the channel keys use another).</summary>
    public PrivateKey NodeKey() => PrivateKey.FromBytes(Tagged("microchannels/provider/node-key"));

    /// <summary>The seed the channel signers derive from (PeerChannelSigners.FromNodeSeed).</summary>
    public byte[] ChannelSeed() => Tagged("microchannels/provider/channel-seed");

    /// <summary>Opens the directory, creating what is missing.</summary>
    public static ProviderDataDirectory OpenOrCreate(string path, IReadOnlyList<string> tlsHostNames)
    {
        string full = System.IO.Path.GetFullPath(path);
        UnixFileMode? tightenedFrom = DirectoryOwnership.CreateOrTighten(full);

        var (seedHex, seedCreated) = SecretFile.ReadOrCreate(System.IO.Path.Combine(full, SeedFile), () => SecretFile.RandomHex(32));
        byte[] seed;
        try
        {
            seed = Convert.FromHexString(seedHex);
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"{System.IO.Path.Combine(full, SeedFile)} is not 64 hex digits: restore it from your backup.");
        }

        if (seed.Length != 32)
        {
            throw new InvalidDataException($"{System.IO.Path.Combine(full, SeedFile)} is not 64 hex digits: restore it from your backup.");
        }

        var (admin, _) = SecretFile.ReadOrCreate(System.IO.Path.Combine(full, AdminTokenFile), () => SecretFile.RandomHex(32));
        var (readOnly, _) = SecretFile.ReadOrCreate(System.IO.Path.Combine(full, ReadOnlyTokenFile), () => SecretFile.RandomHex(32));
        var certificate = LoadOrCreateCertificate(full, tlsHostNames);
        return new ProviderDataDirectory(full, seed, admin, readOnly, certificate, seedCreated) { TightenedFrom = tightenedFrom };
    }

    private byte[] Tagged(string tag)
    {
        byte[] input = [.. System.Text.Encoding.ASCII.GetBytes(tag), .. Seed];
        return SHA256.HashData(input);
    }

    private static X509Certificate2 LoadOrCreateCertificate(string directory, IReadOnlyList<string> hostNames)
    {
        string certPath = System.IO.Path.Combine(directory, CertificateFile);
        string keyPath = System.IO.Path.Combine(directory, KeyFile);
        if (!File.Exists(certPath) || !File.Exists(keyPath))
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=microchannels provider", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            names.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
            foreach (string name in hostNames)
            {
                if (System.Net.IPAddress.TryParse(name, out var address))
                {
                    names.AddIpAddress(address);
                }
                else
                {
                    names.AddDnsName(name);
                }
            }

            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            var now = DateTimeOffset.UtcNow;
            using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));

            // Key first (0600): a certificate without its key is rebuilt at the next start.
            if (File.Exists(keyPath))
            {
                File.Delete(keyPath);
            }

            OwnerOnlyFile.WriteNew(keyPath, key.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(certPath, created.ExportCertificatePem());
        }

        using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);

        // Kestrel needs the key in a form the platform's TLS can use: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
