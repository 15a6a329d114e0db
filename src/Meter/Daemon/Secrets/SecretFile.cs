using System.Security.Cryptography;
using System.Text;
using Microchannels.Hosting.Files;

namespace Microchannels.Meter.Daemon.Secrets;

/// <summary>
/// A 32-byte secret (the buyer's seed, the reading key) in a file of mode 0600, created once
/// and never rewritten. Plain: the secret as hex. Encrypted (a passphrase is configured):
/// <c>mcsecret1 &lt;salt&gt; &lt;nonce&gt; &lt;ciphertext+tag&gt;</c>, hex fields, the secret sealed with
/// AES-256-GCM under a key stretched from the passphrase with PBKDF2-HMAC-SHA256
/// (<see cref="Iterations"/> rounds, OWASP's 2023 figure for that hash), the header bound as
/// associated data so no field can be swapped.
/// </summary>
public static class SecretFile
{
    public const int SecretSize = 32;
    public const int Iterations = 600_000;
    private const string Magic = "mcsecret1";
    private const int SaltSize = 16;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>Reads the secret at <paramref name="path"/>, or creates a random one. Returns it and whether it was created.</summary>
    /// <exception cref="SecretFileException">The file cannot be read as a secret with this passphrase.</exception>
    public static (byte[] Secret, bool Created) ReadOrCreate(string path, string? passphrase)
    {
        if (File.Exists(path))
        {
            return (Read(path, passphrase), false);
        }

        byte[] secret = RandomNumberGenerator.GetBytes(SecretSize);
        OwnerOnlyFile.WriteNew(path, Encode(secret, passphrase) + "\n");
        return (secret, true);
    }

    /// <exception cref="SecretFileException">Readable by others, malformed, or not opened by <paramref name="passphrase"/>.</exception>
    public static byte[] Read(string path, string? passphrase)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new SecretFileException(path, "is readable or writable by other users; chmod 600 it");
        }

        string[] fields = File.ReadAllText(path).Trim().Split(' ');
        try
        {
            if (fields is [var hex])
            {
                return passphrase is null
                    ? Checked(path, Convert.FromHexString(hex))
                    : throw new SecretFileException(path, "is not encrypted but a passphrase is configured; remove Seed:Passphrase or re-create the file");
            }

            if (fields is not [Magic, var salt, var nonce, var sealedHex])
            {
                throw new SecretFileException(path, "is not a secret file");
            }

            if (passphrase is null)
            {
                throw new SecretFileException(path, "is encrypted: set Seed:Passphrase (MICROCHANNELS_SEED__PASSPHRASE)");
            }

            return Open(path, passphrase, Convert.FromHexString(salt), Convert.FromHexString(nonce), Convert.FromHexString(sealedHex));
        }
        catch (FormatException)
        {
            throw new SecretFileException(path, "holds something other than hex");
        }
    }

    /// <summary>The file's text for <paramref name="secret"/>: hex, or sealed under <paramref name="passphrase"/>.</summary>
    public static string Encode(ReadOnlySpan<byte> secret, string? passphrase)
    {
        if (passphrase is null)
        {
            return Convert.ToHexStringLower(secret);
        }

        byte[] salt = RandomNumberGenerator.GetBytes(SaltSize);
        byte[] nonce = RandomNumberGenerator.GetBytes(NonceSize);
        byte[] sealedBytes = new byte[secret.Length + TagSize];
        byte[] key = Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, Iterations, HashAlgorithmName.SHA256, 32);
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Encrypt(nonce, secret, sealedBytes.AsSpan(0, secret.Length), sealedBytes.AsSpan(secret.Length), Header(salt, nonce));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return $"{Magic} {Convert.ToHexStringLower(salt)} {Convert.ToHexStringLower(nonce)} {Convert.ToHexStringLower(sealedBytes)}";
    }

    private static byte[] Open(string path, string passphrase, byte[] salt, byte[] nonce, byte[] sealedBytes)
    {
        if (salt.Length != SaltSize || nonce.Length != NonceSize || sealedBytes.Length != SecretSize + TagSize)
        {
            throw new SecretFileException(path, "has fields of the wrong length");
        }

        byte[] key = Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, Iterations, HashAlgorithmName.SHA256, 32);
        byte[] secret = new byte[SecretSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(nonce, sealedBytes.AsSpan(0, SecretSize), sealedBytes.AsSpan(SecretSize), secret, Header(salt, nonce));
            return secret;
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SecretFileException(path, "does not open with this passphrase (wrong passphrase or a tampered file)");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] Checked(string path, byte[] secret) =>
        secret.Length == SecretSize ? secret : throw new SecretFileException(path, $"holds {secret.Length} bytes, not {SecretSize}");

    private static byte[] Header(byte[] salt, byte[] nonce) =>
        Encoding.ASCII.GetBytes($"{Magic} {Convert.ToHexStringLower(salt)} {Convert.ToHexStringLower(nonce)}");
}
