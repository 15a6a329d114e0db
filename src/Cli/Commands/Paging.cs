using System.CommandLine;
using Microchannels.Cli.Errors;

namespace Microchannels.Cli.Commands;

/// <summary>--page-size, --page-token and --all, for the listing calls.</summary>
public sealed class Paging(string items)
{
    public Option<uint> Size { get; } = new("--page-size")
    {
        Description = $"The most {items} per page, 1 to 1000 (default: the daemon's, 100)",
    };

    public Option<string?> Token { get; } = new("--page-token")
    {
        Description = "The page to show: the token printed under the previous page",
    };

    public Option<bool> AllPages { get; } = new("--all")
    {
        Description = $"Follow every page and print all {items} at once",
    };

    public Symbol[] Symbols => [Size, Token, AllPages];

    public uint PageSize(ParseResult parse) => parse.GetValue(Size);

    public string PageToken(ParseResult parse) => parse.GetValue(Token) ?? "";

    public bool All(ParseResult parse)
    {
        bool all = parse.GetValue(AllPages);
        if (all && PageToken(parse).Length > 0)
        {
            throw new UsageException("--all starts from the first page: drop --page-token");
        }

        return all;
    }
}
