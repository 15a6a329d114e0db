namespace Microchannels.Channels.Tests.SpecQuotes;

/// <summary>
/// A sentence quoted from a BOLT in a comment of <paramref name="File"/>, at
/// <paramref name="Line"/>; <paramref name="Bolt"/> is the BOLT its comment names, or
/// null when the comment names none and the quote leans on an earlier comment's "BOLT".
/// </summary>
internal sealed record QuotedRule(string File, int Line, int? Bolt, string Text)
{
    public override string ToString() =>
        $"{File}:{Line} (BOLT {(Bolt is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "any")}): \"{Text}\"";
}
