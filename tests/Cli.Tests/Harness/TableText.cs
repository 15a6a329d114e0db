namespace Microchannels.Cli.Tests.Harness;

/// <summary>Patterns for reading Spectre.Console tables in mcli's output.</summary>
public static class TableText
{
    /// <summary>A column separator with its padding: "│" where the terminal takes Unicode, "|" where not.</summary>
    public const string Sep = @"\s*[│|]\s*";
}
