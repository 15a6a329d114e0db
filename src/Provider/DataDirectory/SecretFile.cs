using System.Security.Cryptography;

namespace Microchannels.Provider.DataDirectory;

/// <summary>Small secret files (seed, tokens, TLS key): created once with mode 0600, never rewritten.</summary>
internal static class SecretFile
{
    /// <summary>Reads <paramref name="path"/>, or creates it with <paramref name="create"/>'s text. Returns the text and whether it was created.</summary>
    public static (string Text, bool Created) ReadOrCreate(string path, Func<string> create)
    {
        if (File.Exists(path))
        {
            return (File.ReadAllText(path).Trim(), false);
        }

        string text = create();
        WriteNew(path, text + "\n");
        return (text, true);
    }

    /// <summary>Writes a new file readable by its owner only (created 0600: never world-readable, not even briefly).</summary>
    public static void WriteNew(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>A random token: 32 bytes, hex.</summary>
    public static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
