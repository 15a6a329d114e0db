namespace Microchannels.Channels.Store;

/// <summary>
/// The database was written by a newer release (its schema version is above the one
/// this build knows). Opening it anyway could misread channel states, so it is left
/// untouched; run the newer release or restore a matching backup.
/// </summary>
public sealed class UnsupportedChannelStoreSchemaException : ChannelStoreException
{
    public UnsupportedChannelStoreSchemaException()
    {
    }

    public UnsupportedChannelStoreSchemaException(string message)
        : base(message)
    {
    }

    public UnsupportedChannelStoreSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UnsupportedChannelStoreSchemaException(long foundVersion, long supportedVersion)
        : base($"Channel store schema version {foundVersion} is newer than the supported version {supportedVersion}.")
    {
        FoundVersion = foundVersion;
        SupportedVersion = supportedVersion;
    }

    public long FoundVersion { get; }

    public long SupportedVersion { get; }
}
