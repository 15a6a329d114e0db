using System.CommandLine;
using Microchannels.Cli.Errors;
using Microchannels.Cli.Output;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Commands;

/// <summary>
/// mcli subscribetransfers: every irrevocably committed transfer from a sequence number on,
/// then each new one. A back office that stored the last sequence it processed resumes with
/// --after-sequence and sees no gap and no duplicate.
/// </summary>
public static class SubscribeTransfersCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var after = new Option<ulong?>("--after-sequence")
        {
            Description = "Start after this sequence number: pass the last one you processed (default 0: the whole journal)",
        };
        var from = new Option<ulong?>("--from-sequence")
        {
            Description = "Start at this sequence number, including it (the first transfer is 1)",
        };
        var channel = new Option<string?>("--channel") { Description = "Only transfers of this channel (64 hex digits)" };
        var meter = new Option<string?>("--meter") { Description = "Only transfers of this meter (66 hex digits)" };
        var limit = new StreamLimit();
        return runner.Define(
            "subscribetransfers",
            "Print every committed transfer with its signed reading, from a sequence number on, then each new one",
            parse =>
            {
                ulong? afterSequence = parse.GetValue(after);
                ulong? fromSequence = parse.GetValue(from);
                if (afterSequence is not null && fromSequence is not null)
                {
                    throw new UsageException("--after-sequence and --from-sequence both say where to start: give one");
                }

                if (fromSequence == 0)
                {
                    throw new UsageException("--from-sequence 0: sequence numbers start at 1 (use --from-sequence 1 or --after-sequence 0 for the whole journal)");
                }

                var request = new SubscribeTransfersRequest
                {
                    AfterSequence = afterSequence ?? (fromSequence is { } start ? start - 1 : 0),
                    ChannelId = parse.GetValue(channel) ?? "",
                    MeterNodeId = parse.GetValue(meter) ?? "",
                };
                long? most = limit.Read(parse);
                return call => call.PrintStreamAsync(call.Client.SubscribeTransfers(request, call.Stream), TransferViews.Line, most);
            },
            after,
            from,
            channel,
            meter,
            limit.Option);
    }
}
