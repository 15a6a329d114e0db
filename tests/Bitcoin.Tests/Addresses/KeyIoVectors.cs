using System.Text.Json;

namespace Microchannels.Bitcoin.Tests.Addresses;

/// <summary>
/// Bitcoin Core's key_io_valid.json / key_io_invalid.json, read at run time.
/// A valid row is [text, hex, {chain, isPrivkey, tryCaseFlip?, isCompressed?}]: for an
/// address, hex is its scriptPubKey; for a private key, its 32-byte secret. An invalid
/// row is [text]. Any other shape fails loudly rather than being skipped.
/// </summary>
public static class KeyIoVectors
{
    /// <summary>Address rows: text, scriptPubKey hex, chain, tryCaseFlip.</summary>
    public static TheoryData<string, string, string, bool> ValidAddresses
    {
        get
        {
            var data = new TheoryData<string, string, string, bool>();
            foreach (var (text, hex, meta) in ValidRows().Where(row => !row.Meta.GetProperty("isPrivkey").GetBoolean()))
            {
                Assert.False(meta.TryGetProperty("isCompressed", out _), $"address row with isCompressed: {text}");
                var flip = meta.TryGetProperty("tryCaseFlip", out var f) && f.GetBoolean();
                data.Add(text, hex, meta.GetProperty("chain").GetString()!, flip);
            }

            return data;
        }
    }

    /// <summary>Private key rows: WIF text, secret hex, chain, isCompressed.</summary>
    public static TheoryData<string, string, string, bool> ValidPrivateKeys
    {
        get
        {
            var data = new TheoryData<string, string, string, bool>();
            foreach (var (text, hex, meta) in ValidRows().Where(row => row.Meta.GetProperty("isPrivkey").GetBoolean()))
            {
                data.Add(text, hex, meta.GetProperty("chain").GetString()!, meta.GetProperty("isCompressed").GetBoolean());
            }

            return data;
        }
    }

    public static TheoryData<string> Invalid
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var text in InvalidRows())
            {
                data.Add(text);
            }

            return data;
        }
    }

    public static List<(string Text, string Hex, JsonElement Meta)> ValidRows()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SpecPath("key_io_valid.json")));
        var rows = new List<(string, string, JsonElement)>();
        foreach (var row in document.RootElement.EnumerateArray())
        {
            Assert.Equal(3, row.GetArrayLength());
            rows.Add((row[0].GetString()!, row[1].GetString()!, row[2].Clone()));
        }

        return rows;
    }

    public static List<string> InvalidRows()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SpecPath("key_io_invalid.json")));
        var rows = new List<string>();
        foreach (var row in document.RootElement.EnumerateArray())
        {
            Assert.Equal(1, row.GetArrayLength());
            rows.Add(row[0].GetString()!);
        }

        return rows;
    }

    private static string SpecPath(string file) => Path.Combine(AppContext.BaseDirectory, "spec", "bitcoin-core", file);
}
