using System.Security.Cryptography;
using Microchannels.Hosting.Files;

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
        OwnerOnlyFile.WriteNew(path, text + "\n");
        return (text, true);
    }

    /// <summary>A random token: 32 bytes, hex.</summary>
    public static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
