using System.Text;

namespace Microchannels.Channels.Tests.SpecQuotes;

/// <summary>One comment as a reader sees it: its text and the line each character came from.</summary>
internal sealed record CommentBlock(string Text, IReadOnlyList<int> LineOfCharacter);

/// <summary>
/// The comments of a C# file. Consecutive lines that hold only a <c>//</c> or <c>///</c>
/// comment form one block (their text joined by spaces); a comment after code on its
/// line is a block of its own, as is each <c>/* */</c> comment. Strings, verbatim and raw
/// strings and character literals are skipped, so a <c>"//"</c> in code is not a comment.
/// </summary>
internal static class CSharpComments
{
    public static IReadOnlyList<CommentBlock> Blocks(string source)
    {
        var blocks = new List<CommentBlock>();
        var text = new StringBuilder();
        var lines = new List<int>();
        int lastBlockLine = -2;

        void Flush()
        {
            if (text.Length > 0)
            {
                blocks.Add(new CommentBlock(text.ToString(), [.. lines]));
                text.Clear();
                lines.Clear();
            }
        }

        void Append(string part, int line)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
                lines.Add(line);
            }

            text.Append(part);
            lines.AddRange(Enumerable.Repeat(line, part.Length));
        }

        int i = 0;
        int lineNumber = 1;
        bool codeOnLine = false;
        while (i < source.Length)
        {
            char c = source[i];
            if (c == '\n')
            {
                lineNumber++;
                codeOnLine = false;
                i++;
            }
            else if (c == '/' && At(source, i + 1, '/'))
            {
                int end = source.IndexOf('\n', i);
                end = end < 0 ? source.Length : end;
                int start = i + 2;
                while (start < end && source[start] == '/')
                {
                    start++;
                }

                string body = source[start..end].TrimEnd('\r').Trim();
                if (codeOnLine || lastBlockLine != lineNumber - 1)
                {
                    Flush();
                }

                Append(body, lineNumber);
                if (codeOnLine)
                {
                    Flush();
                    lastBlockLine = -2;
                }
                else
                {
                    lastBlockLine = lineNumber;
                }

                i = end;
            }
            else if (c == '/' && At(source, i + 1, '*'))
            {
                Flush();
                int end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? source.Length : end;
                foreach (var part in source[(i + 2)..end].Split('\n'))
                {
                    Append(part.Trim().TrimStart('*').Trim(), lineNumber);
                    lineNumber++;
                }

                lineNumber--;
                Flush();
                i = Math.Min(source.Length, end + 2);
                codeOnLine = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else
            {
                Flush();
                lastBlockLine = -2;
                codeOnLine = true;
                i = SkipCodeToken(source, i, ref lineNumber);
            }
        }

        Flush();
        return blocks;
    }

    private static bool At(string s, int index, char c) => index < s.Length && s[index] == c;

    /// <summary>Skips one literal (string, verbatim, raw, character) or one other character of code.</summary>
    private static int SkipCodeToken(string s, int i, ref int lineNumber)
    {
        int start = i;
        while (i < s.Length && (s[i] == '$' || s[i] == '@'))
        {
            i++;
        }

        bool verbatim = s.AsSpan(start, i - start).Contains('@');
        if (i < s.Length && s[i] == '\'')
        {
            i++;
            while (i < s.Length && s[i] != '\'')
            {
                i += s[i] == '\\' ? 2 : 1;
            }

            return i + 1;
        }

        if (i >= s.Length || s[i] != '"')
        {
            return Math.Max(i, start + 1);
        }

        int quotes = 0;
        while (i + quotes < s.Length && s[i + quotes] == '"')
        {
            quotes++;
        }

        if (quotes >= 3)
        {
            string fence = new('"', quotes);
            int end = s.IndexOf(fence, i + quotes, StringComparison.Ordinal);
            end = end < 0 ? s.Length : end + quotes;
            lineNumber += s.AsSpan(i, end - i).Count('\n');
            return end;
        }

        i++;
        while (i < s.Length)
        {
            if (s[i] == '\n')
            {
                lineNumber++;
            }

            if (!verbatim && s[i] == '\\')
            {
                i += 2;
            }
            else if (s[i] == '"')
            {
                if (verbatim && At(s, i + 1, '"'))
                {
                    i += 2;
                }
                else
                {
                    return i + 1;
                }
            }
            else
            {
                i++;
            }
        }

        return i;
    }
}
