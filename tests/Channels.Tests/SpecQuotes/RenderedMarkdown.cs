using System.Text;
using System.Text.RegularExpressions;

namespace Microchannels.Channels.Tests.SpecQuotes;

/// <summary>
/// A BOLT as a reader sees it: the words of each section with the Markdown markup
/// that only shapes them taken away, so a quote in a code comment (which cannot carry
/// that markup) compares word for word with the spec. Whitespace is collapsed, as Core
/// Lightning's <c>make bolt-check</c> collapses it before comparing. What is removed,
/// and why it is not wording:
/// <list type="bullet">
/// <item>list markers (<c>-</c>, <c>*</c>, <c>+</c>, <c>1.</c>) and heading marks
/// (<c>#</c>) at the start of a line: structure, so a rule nested in a list ("if X:" /
/// "- MUST Y") reads "if X: MUST Y";</item>
/// <item>the backticks of code spans (<c>`amount_msat`</c> reads amount_msat); the text
/// inside a code span is kept exactly, emphasis characters included
/// (<c>`...*byte`</c>);</item>
/// <item>emphasis outside code spans (<c>*x*</c>, <c>**x**</c>, <c>_x_</c>), recognised
/// only where a delimiter opens before or closes after a word, so the underscores of
/// feerate_per_kw and the product in "funding_satoshis * 1000" stay;</item>
/// <item>link targets: <c>[text](url)</c> reads text;</item>
/// <item>footnote marks: the spec cites Bitcoin Core's low-S rule as
/// <c>rule&lt;sup&gt;[LOWS](url)&lt;/sup&gt;:</c>, a superscript reference rather than
/// a word, so "rule:" is what a quote says.</item>
/// </list>
/// Fenced code blocks are kept as they are (their lines are never headings or list
/// items). Sections end at each heading, so an elided quote ("a ... b") must lie within
/// one section.
/// </summary>
internal static partial class RenderedMarkdown
{
    public static IReadOnlyList<string> Sections(string markdown)
    {
        var sections = new List<string>();
        var current = new StringBuilder();
        bool inFence = false;
        foreach (var rawLine in markdown.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (!inFence && Heading().IsMatch(line))
            {
                sections.Add(Inline(current.ToString()));
                current.Clear();
            }

            current.Append(inFence ? line : LineMarker().Replace(line, string.Empty)).Append('\n');
        }

        sections.Add(Inline(current.ToString()));
        return sections;
    }

    /// <summary>The inline rendering of a run of text: code-span backticks, emphasis and link targets removed, whitespace collapsed.</summary>
    public static string Inline(string text)
    {
        var rendered = new StringBuilder(text.Length);
        int position = 0;
        foreach (Match span in CodeSpan().Matches(text))
        {
            rendered.Append(OutsideCode(text[position..span.Index]));
            rendered.Append(span.Groups["code"].Value);
            position = span.Index + span.Length;
        }

        rendered.Append(OutsideCode(text[position..]));
        return Whitespace().Replace(rendered.ToString(), " ").Trim();
    }

    private static string OutsideCode(string text)
    {
        text = Superscript().Replace(text, string.Empty);
        text = Link().Replace(text, "${text}");
        text = StrongEmphasis().Replace(text, string.Empty);
        return Emphasis().Replace(text, string.Empty);
    }

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s*(?:#{1,6}|[-*+]|\d+\.)\s+")]
    private static partial Regex LineMarker();

    [GeneratedRegex("`+(?<code>[^`]*)`+")]
    private static partial Regex CodeSpan();

    [GeneratedRegex("<sup>.*?</sup>")]
    private static partial Regex Superscript();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)\s]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\*\*|(?<!\w)__|__(?!\w)")]
    private static partial Regex StrongEmphasis();

    [GeneratedRegex(@"(?<![\w*])[*_](?=[^\s*_])|(?<=[^\s*_])[*_](?![\w*])")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
