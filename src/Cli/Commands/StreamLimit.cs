using System.CommandLine;
using Microchannels.Cli.Errors;

namespace Microchannels.Cli.Commands;

/// <summary>--limit for the subscriptions: stop after so many items (for scripts; the default runs until Ctrl+C).</summary>
public sealed class StreamLimit
{
    public Option<long?> Option { get; } = new("--limit")
    {
        Description = "Stop after printing this many items (default: run until the daemon ends the stream or Ctrl+C)",
    };

    public long? Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        long? limit = parse.GetValue(Option);
        return limit is <= 0 ? throw new UsageException("--limit must be a positive number of items") : limit;
    }
}
