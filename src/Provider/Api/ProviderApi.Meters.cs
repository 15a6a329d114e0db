using Google.Protobuf;
using Grpc.Core;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Provider.Api.V1;
using Microchannels.Provider.Data;

namespace Microchannels.Provider.Api;

/// <summary>GetTariff, SetTariff, ListMeters, AllowMeter, RemoveMeter.</summary>
public sealed partial class ProviderApi
{
    public override Task<GetTariffResponse> GetTariff(GetTariffRequest request, ServerCallContext context)
    {
        var meter = OptionalNodeId(request.MeterNodeId, "meter_node_id");
        if (meter is not null && !database.Meters.ContainsKey(meter))
        {
            throw ApiArguments.NotFound($"meter {meter} is not on the allow-list; AllowMeter adds it");
        }

        var (tariff, specific, updated) = EffectiveTariff(meter);
        return Task.FromResult(new GetTariffResponse
        {
            Tariff = tariff,
            MeterSpecific = specific,
            UpdatedAtMs = updated,
            CurrentMsatPerWh = TariffRules.PriceAt(tariff, time.GetUtcNow()),
        });
    }

    public override async Task<SetTariffResponse> SetTariff(SetTariffRequest request, ServerCallContext context)
    {
        var meter = OptionalNodeId(request.MeterNodeId, "meter_node_id");
        if (request.Clear)
        {
            if (meter is null || request.Tariff is not null)
            {
                throw ApiArguments.Invalid("clear needs a meter_node_id and no tariff");
            }
        }
        else
        {
            if (request.Tariff is null)
            {
                throw ApiArguments.Invalid("set tariff, or clear with a meter_node_id");
            }

            TariffRules.Validate(request.Tariff);
        }

        if (meter is not null && !database.Meters.ContainsKey(meter))
        {
            throw ApiArguments.NotFound($"meter {meter} is not on the allow-list; AllowMeter adds it");
        }

        if (request.Clear)
        {
            database.ClearTariff(meter!);
        }
        else
        {
            database.SetTariff(meter, new TariffRecord(request.Tariff.ToByteArray(), Now));
        }

        var (tariff, specific, _) = EffectiveTariff(meter);

        // Stored above before it is sent: a meter that reconnects is told the same tariff.
        await host.SendTariffAsync(meter, context.CancellationToken).ConfigureAwait(false);
        return new SetTariffResponse { Tariff = tariff, MeterSpecific = specific };
    }

    public override Task<ListMetersResponse> ListMeters(ListMetersRequest request, ServerCallContext context)
    {
        int pageSize = ApiArguments.PageSize(request.PageSize);
        string after = ApiArguments.PageToken(request.PageToken);
        var page = database.Meters.Values
            .Select(m => (Key: m.NodeId.ToString(), Meter: m))
            .Where(m => string.CompareOrdinal(m.Key, after) > 0)
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();
        var response = new ListMetersResponse();
        response.Meters.AddRange(page.Take(pageSize).Select(m => ToProto(m.Meter)));
        if (page.Count > pageSize)
        {
            response.NextPageToken = ApiArguments.NextPageToken(page[pageSize - 1].Key);
        }

        return Task.FromResult(response);
    }

    public override Task<AllowMeterResponse> AllowMeter(AllowMeterRequest request, ServerCallContext context)
    {
        var nodeId = ApiArguments.NodeId(request.NodeId, "node_id");
        PublicKey? readingKey = request.ReadingKey.Length == 0 ? null : ApiArguments.NodeId(request.ReadingKey, "reading_key");
        string label = ApiArguments.Text(request.Label, "label", 128);
        bool added = database.UpsertMeter(new MeterRecord(nodeId, readingKey, label, Now));
        return Task.FromResult(new AllowMeterResponse { Meter = ToProto(database.Meters[nodeId]), Added = added });
    }

    public override Task<RemoveMeterResponse> RemoveMeter(RemoveMeterRequest request, ServerCallContext context)
    {
        var nodeId = ApiArguments.NodeId(request.NodeId, "node_id");
        var removed = database.RemoveMeter(nodeId) ?? throw ApiArguments.NotFound($"meter {nodeId} is not on the allow-list");
        return Task.FromResult(new RemoveMeterResponse { Meter = ToProto(removed) });
    }

    private (Tariff Tariff, bool Specific, long UpdatedAtMs) EffectiveTariff(PublicKey? meter) => TariffRules.Effective(database, meter);

    private Meter ToProto(MeterRecord meter) => new()
    {
        NodeId = meter.NodeId.ToString(),
        ReadingKey = meter.ReadingKey?.ToString() ?? "",
        Label = meter.Label,
        AddedAtMs = meter.AddedAtMs,
        ChannelId = host.Node.GetState(meter.NodeId)?.ChannelId.ToHex() ?? "",
    };
}
