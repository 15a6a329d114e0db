namespace Microchannels.Meter.Daemon.Secrets;

/// <summary>A secret file that cannot be used: wrong passphrase, tampered, truncated, an encrypted file without a passphrase, or open to other users.</summary>
public sealed class SecretFileException(string path, string reason) : Exception($"secret file {path}: {reason}")
{
    public string Path { get; } = path;
}
