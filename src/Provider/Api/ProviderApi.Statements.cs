using Grpc.Core;
using Microchannels.Channels.Billing.Statements;
using Microchannels.Channels.Wire;
using Microchannels.Provider.Api.V1;
using Microchannels.Provider.Billing;
using Microchannels.Provider.Node;

namespace Microchannels.Provider.Api;

/// <summary>GetStatement and GetReadingProof (issue 12, docs/STATEMENTS.md).</summary>
public sealed partial class ProviderApi
{
    public override async Task<Statement> GetStatement(GetStatementRequest request, ServerCallContext context)
    {
        if (request.PeriodEnd <= request.PeriodStart)
        {
            throw ApiArguments.Invalid("period_end must be above period_start (Unix seconds, the end excluded)");
        }

        var channel = Find(request.ChannelId, request.MeterNodeId);
        if (await host.Node.FindStatementAsync(channel.State.ChannelId, request.PeriodStart, request.PeriodEnd, context.CancellationToken).ConfigureAwait(false) is { } countersigned)
        {
            return ToProto(countersigned);
        }

        var log = ReadingLog(channel);
        ulong tariff = request.TariffMsatPerWh != 0
            ? request.TariffMsatPerWh
            : (ulong)TariffRules.PriceAt(EffectiveTariff(channel.Meter).Tariff, DateTimeOffset.FromUnixTimeSeconds(checked((long)Math.Min(request.PeriodStart, (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds()))));

        // Readings before the period are the prefix: stated (as if by earlier statements), not listed.
        _ = log.BuildStatement(0, request.PeriodStart, tariff);
        var statement = log.BuildStatement(request.PeriodStart, request.PeriodEnd, tariff);
        return ToProto(host.Node.SignStatement(statement));
    }

    public override Task<ReadingProof> GetReadingProof(GetReadingProofRequest request, ServerCallContext context)
    {
        var channel = Find(request.ChannelId, request.MeterNodeId);
        var log = ReadingLog(channel);
        ulong size = request.TreeSize == 0 ? log.Count : request.TreeSize;
        if (log.Count == 0)
        {
            throw ApiArguments.Precondition($"channel {channel.State.ChannelId.ToHex()} has no readings yet");
        }

        if (size > log.Count || request.Index >= size)
        {
            throw ApiArguments.Invalid($"index {request.Index} and tree_size {size} must satisfy index < tree_size <= {log.Count} (the channel's readings)");
        }

        var proof = new ReadingProof
        {
            ChannelId = channel.State.ChannelId.ToHex(),
            Index = request.Index,
            TreeSize = size,
            Root = Convert.ToHexStringLower(log.Tree().RootAt(size).Span),
            Reading = Convert.ToHexStringLower(log[request.Index].Encode()),
        };
        proof.AuditPath.AddRange(log.InclusionProof(request.Index, size).Select(h => h.ToHex()));
        return Task.FromResult(proof);
    }

    /// <summary>The channel's readings from the journal, in a log that builds its statements and proofs.</summary>
    private ChannelReadingLog ReadingLog(Journal.StoredChannel channel)
    {
        var readingKey = ChannelFacts.ReadingKey(channel.State)
            ?? throw ApiArguments.Precondition($"channel {channel.State.ChannelId.ToHex()} has no meter reading key yet (still opening)");
        var (opening, readings) = JournalReadings.Of(journal, channel.State.ChannelId, channel.Meter);
        var log = new ChannelReadingLog(settings.ChainHash, channel.State.ChannelId, new Point(host.Node.NodeId.AsSpan()), new Point(channel.Meter.AsSpan()), new Point(readingKey.AsSpan()), opening);
        foreach (var reading in readings)
        {
            log.Append(reading);
        }

        return log;
    }

    private static Statement ToProto(BillingStatement statement) => new()
    {
        Json = StatementJson.Write(statement),
        ChannelId = statement.ChannelId.ToHex(),
        PeriodStart = statement.PeriodStart,
        PeriodEnd = statement.PeriodEnd,
        FirstIndex = statement.FirstIndex,
        TreeSize = statement.TreeSize,
        Root = statement.Root.ToHex(),
        ImportWh = statement.Totals.ImportWh,
        ExportWh = statement.Totals.ExportWh,
        AmountMsat = statement.Totals.AmountMsat.Value,
        TariffMsatPerWh = statement.TariffMsatPerWh,
        ReadingCount = (ulong)statement.Readings.Count,
        ProviderSignature = statement.ProviderSignature is { } p ? Convert.ToHexStringLower(p.AsSpan()) : "",
        MeterSignature = statement.MeterSignature is { } m ? Convert.ToHexStringLower(m.AsSpan()) : "",
    };
}
