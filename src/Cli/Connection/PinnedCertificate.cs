using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microchannels.Cli.Errors;

namespace Microchannels.Cli.Connection;

/// <summary>
/// The daemon's API certificate read from its tls.cert, and the only certificate mcli trusts
/// for that daemon (lncli's model: the system's root store is never consulted). The daemon's
/// certificate is self-signed, so the check is that the server presents exactly this
/// certificate. An operator who replaced it with one issued by their own CA can point
/// --tlscert at that CA instead: then the chain must end at it and the host name must match.
/// </summary>
public sealed class PinnedCertificate : IDisposable
{
    private readonly X509Certificate2Collection trusted;

    private PinnedCertificate(string path, X509Certificate2Collection trusted)
    {
        Path = path;
        this.trusted = trusted;
    }

    /// <summary>The file the certificate came from.</summary>
    public string Path { get; }

    /// <summary>True once the daemon presented a certificate this pin refused (the TLS error then names the file).</summary>
    public bool Refused { get; private set; }

    /// <summary>Reads a PEM (one or more certificates) or DER file.</summary>
    public static PinnedCertificate Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigurationException(
                $"no TLS certificate at {path}: pass --datadir with the daemon's data directory (it writes tls.cert at first start) or --tlscert");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot read the TLS certificate {path}: {e.Message}");
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            string text = System.Text.Encoding.ASCII.GetString(bytes);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                certificates.ImportFromPem(text);
            }
            else
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(bytes));
            }
        }
        catch (CryptographicException)
        {
            certificates.Clear();
        }

        if (certificates.Count == 0)
        {
            throw new ConfigurationException($"{path} holds no X.509 certificate (PEM or DER): pass --tlscert with the daemon's tls.cert");
        }

        return new PinnedCertificate(path, certificates);
    }

    /// <summary>The TLS callback: accepts the pinned certificate itself, or a chain ending at it.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            Refused = true;
            return false;
        }

        byte[] presented = certificate.GetRawCertData();
        if (trusted.Any(c => c.RawDataMemory.Span.SequenceEqual(presented)))
        {
            return true;
        }

        bool chainsToPin = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0 && ChainsTo(certificate, chain);
        Refused |= !chainsToPin;
        return chainsToPin;
    }

    private bool ChainsTo(X509Certificate certificate, X509Chain? presentedChain)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presentedChain is not null)
        {
            foreach (var element in presentedChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(leaf);
    }

    public void Dispose()
    {
        foreach (var certificate in trusted)
        {
            certificate.Dispose();
        }
    }
}
