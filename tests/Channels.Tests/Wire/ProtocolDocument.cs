using System.Text.RegularExpressions;
using Microchannels.Channels.Tests.Vectors;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>docs/PROTOCOL.md as the tests that hold it to the code read it.</summary>
internal static partial class ProtocolDocument
{
    private static readonly Lazy<string> Document = new(() => File.ReadAllText(RepositoryFile.Find("docs", "PROTOCOL.md")));

    /// <summary>The whole document.</summary>
    public static string Text => Document.Value;

    /// <summary>The hex in the fenced block after <c>&lt;!-- example:name --&gt;</c>, whitespace removed.</summary>
    public static string Block(string name)
    {
        var match = Regex.Match(Text, $@"<!-- example:{Regex.Escape(name)} -->\s*```\s*\n(?<body>[0-9a-f\s]*?)```");
        Assert.True(match.Success, $"docs/PROTOCOL.md has no example block '{name}'.");
        return WhitespacePattern().Replace(match.Groups["body"].Value, string.Empty);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
