using System.Text.RegularExpressions;
using Microchannels.Channels.Billing.Statements;
using Microchannels.Channels.Tests.Vectors;

namespace Microchannels.Channels.Tests.Billing.Statements;

/// <summary>Holds docs/STATEMENTS.md's worked example to the code: the file shown is the file the code writes, and it verifies.</summary>
public partial class StatementsDocTests
{
    private static readonly Lazy<string> Document = new(() => File.ReadAllText(RepositoryFile.Find("docs", "STATEMENTS.md")));

    /// <summary>The example: three payments of 2, 3 and 1 Wh at 300 msat/Wh in the hour from 2025-06-15T15:06:40Z.</summary>
    internal static BillingStatement Example()
    {
        using var parties = new MeterAndProvider();
        parties.Pay(wh: 2);
        parties.Pay(wh: 3);
        parties.Pay(wh: 1);
        return parties.Statement(MeterAndProvider.Start, MeterAndProvider.Start + 3600);
    }

    [Fact]
    public void Document_shows_the_file_the_code_writes()
    {
        Assert.Equal(StatementJson.Write(Example()).Trim(), Block("statement").Trim());
    }

    [Fact]
    public void The_documented_file_verifies()
    {
        var statement = StatementJson.Read(Block("statement"));
        StatementVerifier.Verify(statement);
        Assert.Contains($"`{statement.Digest().ToHex()}`", Document.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Document_states_the_digest_tag() =>
        Assert.Contains($"\"{BillingStatement.DomainTag}\"", Document.Value, StringComparison.Ordinal);

    private static string Block(string name)
    {
        var match = Regex.Match(Document.Value, $@"<!-- example:{Regex.Escape(name)} -->\s*```json\s*\n(?<body>.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, $"docs/STATEMENTS.md has no example block '{name}'.");
        return match.Groups["body"].Value;
    }
}
