namespace Microchannels.Channels.Tests.Vectors;

/// <summary>Reads the pinned spec copies that the test project copies beside the binaries.</summary>
internal static class SpecFile
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "spec", .. parts]);

    public static string ReadBolt(string fileName) => File.ReadAllText(Path("bolts", fileName));

    /// <summary>The text of one "# Appendix ..." section of a BOLT, up to the next top-level heading.</summary>
    public static string Appendix(string boltFile, string appendixHeadingPrefix)
    {
        var text = ReadBolt(boltFile);
        int start = text.IndexOf("\n" + appendixHeadingPrefix, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"{appendixHeadingPrefix} not found in {boltFile}.");
        }

        int end = text.IndexOf("\n# ", start + 1, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.StartsWith("0x", StringComparison.Ordinal) ? hex[2..] : hex);
}
