namespace Microchannels.Hosting.Files;

/// <summary>
/// The daemons' secret files (seeds, keys, API tokens): written once, readable by their owner
/// only. The mode is set when the file is created, so it is never world-readable, not even
/// briefly, and the bytes are on disk before the caller goes on.
/// </summary>
public static class OwnerOnlyFile
{
    /// <summary>Creates <paramref name="path"/> (mode 0600; it must not exist) holding <paramref name="text"/> as UTF-8.</summary>
    public static void WriteNew(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(System.Text.Encoding.UTF8.GetBytes(text));
        stream.Flush(flushToDisk: true);
    }
}
