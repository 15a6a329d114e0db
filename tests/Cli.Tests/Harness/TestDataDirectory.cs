using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Microchannels.Cli.Tests.Harness;

/// <summary>
/// A data directory laid out as the provider daemon lays it out (src/Provider
/// ProviderDataDirectory): tls.cert and tls.key (PEM, self-signed, for localhost and the
/// loopback addresses), admin.token and readonly.token (64 hex digits and a newline).
/// </summary>
public sealed class TestDataDirectory : IDisposable
{
    private TestDataDirectory(string path, X509Certificate2 certificate, string adminToken, string readOnlyToken)
    {
        Path = path;
        Certificate = certificate;
        AdminToken = adminToken;
        ReadOnlyToken = readOnlyToken;
    }

    public string Path { get; }

    /// <summary>The certificate with its private key, for the test server.</summary>
    public X509Certificate2 Certificate { get; }

    public string AdminToken { get; }

    public string ReadOnlyToken { get; }

    public static TestDataDirectory Create()
    {
        string path = Directory.CreateTempSubdirectory("mcli-test-").FullName;
        var certificate = WriteCertificate(path);
        string admin = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        string readOnly = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(System.IO.Path.Combine(path, "admin.token"), admin + "\n");
        File.WriteAllText(System.IO.Path.Combine(path, "readonly.token"), readOnly + "\n");
        return new TestDataDirectory(path, certificate, admin, readOnly);
    }

    /// <summary>Replaces tls.cert with another self-signed certificate (a different daemon's).</summary>
    public static void WriteForeignCertificate(string directory)
    {
        using var other = WriteCertificate(directory);
    }

    private static X509Certificate2 WriteCertificate(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=microchannels provider", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        File.WriteAllText(System.IO.Path.Combine(directory, "tls.key"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(System.IO.Path.Combine(directory, "tls.cert"), created.ExportCertificatePem());
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
