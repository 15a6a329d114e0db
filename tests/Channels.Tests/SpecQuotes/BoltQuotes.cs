using System.Text;
using System.Text.RegularExpressions;

namespace Microchannels.Channels.Tests.SpecQuotes;

/// <summary>
/// Finds the BOLT quotes in a C# file. A quote is text between straight double quotes in
/// a comment (after XML doc tags are reduced to their text, <c>&lt;see cref="X"/&gt;</c>
/// to X, so attribute values are not quotes). Its source is the citation nearest before
/// it in its comment, else the first after it in its comment ("..." (BOLT 2)), else the
/// last citation of an earlier comment in the file. A citation is "BOLT n", "BOLT #n" or
/// a bare "BOLT" ("BOLTs" is not a citation), or another source: a BIP or bLIP, a
/// project document (DESIGN.md ...), Bitcoin Core or bitcoind, eclair, LDK, lnd, Core
/// Lightning, an RFC. Only quotes whose source is a BOLT are returned; when the BOLT was
/// named in an earlier comment the number is dropped (any BOLT may hold it), since a file
/// may cite several. So own words in a comment that cites a BOLT go without double quotes
/// (or in <c>&lt;c&gt;</c> when they are a literal).
/// </summary>
internal static partial class BoltQuotes
{
    public static IReadOnlyList<QuotedRule> InSource(string file, string source)
    {
        var quotes = new List<QuotedRule>();
        Citation? inherited = null;
        foreach (var rawBlock in CSharpComments.Blocks(source))
        {
            var block = PlainText(rawBlock);
            var tokens = Token().Matches(block.Text).ToList();
            var citations = tokens.Where(t => !t.Groups["quote"].Success).ToList();
            foreach (var token in tokens.Where(t => t.Groups["quote"].Success))
            {
                var before = citations.LastOrDefault(c => c.Index < token.Index);
                var after = citations.FirstOrDefault(c => c.Index > token.Index);
                var citation = (before ?? after) is { } near ? Cite(near) : inherited;
                if (citation is { IsBolt: true } bolt)
                {
                    quotes.Add(new QuotedRule(file, block.LineOfCharacter[token.Index], bolt.Number, token.Groups["quote"].Value.Trim()));
                }
            }

            if (citations.Count > 0)
            {
                var last = Cite(citations[^1]);
                inherited = last with { Number = null };
            }
        }

        return quotes;
    }

    private static Citation Cite(Match citation) =>
        new(citation.Groups["bolt"].Success, citation.Groups["n"].Success ? int.Parse(citation.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) : null);

    /// <summary>The block with XML doc markup reduced to text and code-span backticks removed, keeping each character's line.</summary>
    private static CommentBlock PlainText(CommentBlock block)
    {
        var text = new StringBuilder();
        var lines = new List<int>();
        int position = 0;
        foreach (Match m in Markup().Matches(block.Text))
        {
            Copy(block.Text[position..m.Index], position);
            string replacement = m.Groups["ref"].Success ? m.Groups["ref"].Value
                : m.Groups["entity"].Success ? Entity(m.Groups["entity"].Value)
                : string.Empty;
            text.Append(replacement);
            lines.AddRange(Enumerable.Repeat(block.LineOfCharacter[m.Index], replacement.Length));
            position = m.Index + m.Length;
        }

        Copy(block.Text[position..], position);
        return new CommentBlock(text.ToString(), lines);

        void Copy(string part, int from)
        {
            text.Append(part);
            lines.AddRange(block.LineOfCharacter.Skip(from).Take(part.Length));
        }
    }

    private static string Entity(string name) => name switch
    {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "quot" => "\"",
        _ => "'",
    };

    private sealed record Citation(bool IsBolt, int? Number);

    [GeneratedRegex("""<(?:see|seealso|paramref|typeparamref)\s+\w+="(?<ref>[^"]*)"\s*/>|</?[A-Za-z]+(?:\s+\w+="[^"]*")*\s*/?>|&(?<entity>lt|gt|amp|quot|apos);|`""")]
    private static partial Regex Markup();

    [GeneratedRegex("""
        "(?<quote>[^"]*)(?:"|$)
        | (?<bolt>\bBOLT\b(?:\s*\#?\s*(?<n>\d+))?)
        | \bBIPs?[-\ ]?\d+ | \bbLIP[-\ ]?\d+ | \b[A-Z][A-Za-z_-]*\.md\b | Bitcoin\ Core | \bbitcoind\b
        | \beclair\b | \bLDK\b | \blnd\b | Core\ Lightning | \bCLN\b | \bRFC\ ?\d+
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Token();
}
