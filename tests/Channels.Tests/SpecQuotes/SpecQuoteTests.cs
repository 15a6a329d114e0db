using Microchannels.Channels.Tests.Vectors;
using Xunit.Abstractions;

namespace Microchannels.Channels.Tests.SpecQuotes;

/// <summary>
/// Issue 15 item 4: every sentence src quotes from a BOLT is in the pinned copy
/// (spec/bolts), word for word after whitespace and Markdown markup are normalised (see
/// <see cref="RenderedMarkdown"/>), so a quote cannot drift from the rule it enforces.
/// The other tests here show the check itself can fail.
/// </summary>
public sealed class SpecQuoteTests(ITestOutputHelper output)
{
    private static readonly PinnedBolts Bolts = PinnedBolts.Load();

    [Fact]
    public void Every_quoted_BOLT_rule_in_src_is_in_the_pinned_spec()
    {
        var quotes = SourceQuotes();
        var drifted = quotes.Where(q => !Bolts.Contains(q)).Select(q => q.ToString()).ToList();

        // Guards the extractor: src quotes the BOLTs several hundred times.
        Assert.True(quotes.Count > 400, $"only {quotes.Count} BOLT quotes found in src");
        output.WriteLine($"{quotes.Count} BOLT quotes in src, {drifted.Count} not in spec/bolts");
        Assert.True(drifted.Count == 0, $"{drifted.Count} of {quotes.Count} quotes are not in spec/bolts:\n{string.Join('\n', drifted)}");
    }

    [Fact]
    public void A_quote_with_one_word_changed_in_src_fails()
    {
        string path = RepositoryFile.Find("src", "Channels", "Engine", "Commitments.Updates.cs");
        string source = File.ReadAllText(path);
        const string Original = "cannot afford the new fee rate";
        Assert.Contains(Original, source, StringComparison.Ordinal);

        var altered = BoltQuotes.InSource("altered", source.Replace(Original, "can afford the new fee rate", StringComparison.Ordinal));

        var failing = Assert.Single(altered, q => !Bolts.Contains(q));
        Assert.Equal("can afford the new fee rate", failing.Text);
        Assert.All(BoltQuotes.InSource("original", source), q => Assert.True(Bolts.Contains(q), q.ToString()));
    }

    [Fact]
    public void A_quote_that_drops_the_end_of_a_clause_without_an_ellipsis_fails()
    {
        // The drift issue 15 found: the spec goes on "... and any to_local_anchor and to_remote_anchor costs)".
        Assert.False(Bolts.Contains(Rule(2, "receiving an amount_msat that the sending node cannot afford at the current feerate_per_kw (while maintaining its channel reserve)")));
        Assert.True(Bolts.Contains(Rule(2, "receiving an amount_msat that the sending node cannot afford at the current feerate_per_kw (while maintaining its channel reserve ...)")));
    }

    [Fact]
    public void Markdown_markup_is_not_wording_but_code_span_contents_are()
    {
        var bolts = new PinnedBolts(new Dictionary<int, string>
        {
            [2] = "## Rules\n\nThe receiving node:\n  - if the `sender` is *not* responsible:\n    - **MUST** fail the [channel](#x).\n  - `...*byte` and funding_satoshis * 1000\n",
        });

        Assert.True(bolts.Contains(Rule(2, "if the sender is not responsible: MUST fail the channel.")));
        Assert.True(bolts.Contains(Rule(2, "...*byte and funding_satoshis * 1000")));
        Assert.False(bolts.Contains(Rule(2, "if the sender is responsible: MUST fail the channel.")));
        Assert.False(bolts.Contains(Rule(2, "MUST fail the channel (#x)")));
    }

    [Fact]
    public void Elided_pieces_must_keep_their_order_within_one_section()
    {
        var bolts = new PinnedBolts(new Dictionary<int, string>
        {
            [1] = "# A\n\nfirst rule, then the second rule.\n\n# B\n\nthird rule.\n",
        });

        Assert.True(bolts.Contains(Rule(1, "first rule ... second rule")));
        Assert.True(bolts.Contains(Rule(1, "first rule, then [the] second rule")));
        Assert.False(bolts.Contains(Rule(1, "second rule ... first rule")));
        Assert.False(bolts.Contains(Rule(1, "first rule ... third rule")));
    }

    [Fact]
    public void A_quote_is_checked_against_the_BOLT_its_comment_names()
    {
        // "MAY eliminate its own output" is BOLT 3 "Legacy Closing Transaction", not BOLT 2.
        Assert.False(Bolts.Contains(Rule(2, "MAY eliminate its own output")));
        Assert.True(Bolts.Contains(Rule(3, "MAY eliminate its own output")));
        Assert.True(Bolts.Contains(Rule(null, "MAY eliminate its own output")));
    }

    [Fact]
    public void Quotes_are_attributed_to_the_nearest_citation_in_their_comment_or_else_an_earlier_one()
    {
        const string Source = """
            /// <summary>BOLT 3: "one" and (BOLT 2) "two"; bitcoind says "three".</summary>
            class C
            {
                // "four" (BOLT 5), <see cref="Four"/>
                int x = F("// \"five\""); // "six"
                // DESIGN.md: "seven"
                // "eight"
            }
            """;

        var quotes = BoltQuotes.InSource("C.cs", Source);

        Assert.Equal(
            ["1 3 one", "1 2 two", "4 5 four", "5 any six"],
            quotes.Select(q => $"{q.Line} {(q.Bolt?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any")} {q.Text}"));
    }

    private static QuotedRule Rule(int? bolt, string text) => new("test", 1, bolt, text);

    private static List<QuotedRule> SourceQuotes()
    {
        string src = Path.GetDirectoryName(RepositoryFile.Find("src", "Channels", "Microchannels.Channels.csproj"))!;
        src = Path.GetDirectoryName(src)!;
        return Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .SelectMany(f => BoltQuotes.InSource(Path.GetRelativePath(Path.GetDirectoryName(src)!, f), File.ReadAllText(f)))
            .ToList();
    }
}
