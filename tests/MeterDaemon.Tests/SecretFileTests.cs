using Microchannels.Meter.Daemon.Secrets;

namespace Microchannels.Meter.Daemon.Tests;

/// <summary>The seed and reading key files: 0600, plain or sealed with AES-GCM under a PBKDF2 key; every misuse a typed error.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("meterd-secret-").FullName;

    [Fact]
    public void A_created_secret_is_owner_only_and_reads_back()
    {
        string path = Path.Combine(_directory, "seed");
        var (secret, created) = SecretFile.ReadOrCreate(path, null);

        Assert.True(created);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(secret, SecretFile.ReadOrCreate(path, null).Secret);
        Assert.False(SecretFile.ReadOrCreate(path, null).Created);
    }

    [Fact]
    public void An_encrypted_secret_opens_with_its_passphrase_only()
    {
        string path = Path.Combine(_directory, "seed");
        var (secret, _) = SecretFile.ReadOrCreate(path, "correct horse");

        Assert.StartsWith("mcsecret1 ", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(secret), File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(secret, SecretFile.Read(path, "correct horse"));
        Assert.Contains("does not open", Assert.Throws<SecretFileException>(() => SecretFile.Read(path, "wrong horse")).Message, StringComparison.Ordinal);
        Assert.Contains("is encrypted", Assert.Throws<SecretFileException>(() => SecretFile.Read(path, null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_encrypted_secret_is_refused()
    {
        string path = Path.Combine(_directory, "seed");
        SecretFile.ReadOrCreate(path, "pass");
        string[] fields = File.ReadAllText(path).Trim().Split(' ');
        char[] sealedHex = fields[3].ToCharArray();
        sealedHex[0] = sealedHex[0] == '0' ? '1' : '0';
        fields[3] = new string(sealedHex);
        File.WriteAllText(path, string.Join(' ', fields));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Throws<SecretFileException>(() => SecretFile.Read(path, "pass"));
    }

    [Fact]
    public void A_secret_readable_by_others_or_malformed_is_refused()
    {
        string open = Path.Combine(_directory, "open");
        SecretFile.ReadOrCreate(open, null);
        File.SetUnixFileMode(open, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        Assert.Contains("other users", Assert.Throws<SecretFileException>(() => SecretFile.Read(open, null)).Message, StringComparison.Ordinal);

        string shortOne = Path.Combine(_directory, "short");
        File.WriteAllText(shortOne, "abcd");
        File.SetUnixFileMode(shortOne, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Throws<SecretFileException>(() => SecretFile.Read(shortOne, null));

        string notHex = Path.Combine(_directory, "nothex");
        File.WriteAllText(notHex, "zz");
        File.SetUnixFileMode(notHex, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Throws<SecretFileException>(() => SecretFile.Read(notHex, null));
    }

    [Fact]
    public void Keys_derived_from_one_seed_are_stable_and_distinct()
    {
        using var first = MeterKeys.OpenOrCreate(_directory, null);
        using var again = MeterKeys.OpenOrCreate(_directory, null);

        Assert.True(first.SeedCreated);
        Assert.False(again.SeedCreated);
        Assert.Equal(first.NodeKey.PublicKey, again.NodeKey.PublicKey);
        Assert.Equal(first.WalletSeed, again.WalletSeed);
        Assert.NotEqual(first.WalletSeed, first.ChannelSeed);
        using var reading = first.ReadingKey();
        Assert.NotEqual(first.NodeKey.PublicKey, reading.PublicKey);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
