using Grpc.Core;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Provider.Api.V1;
using Microchannels.Provider.Journal;
using Microchannels.Provider.Node;
using EngineInput = Microchannels.Channels.Engine.StateMachine.ChannelInput;
using EngineState = Microchannels.Channels.Engine.StateMachine.ChannelState;

namespace Microchannels.Provider.Api;

/// <summary>ListChannels, GetChannel, CloseChannel, SubscribeChannelEvents.</summary>
public sealed partial class ProviderApi
{
    /// <summary>BOLT 2 closing fees: at least the relay floor; our ceiling for a cooperative close.</summary>
    private const uint MinClosingFeerate = 253;
    private const uint MaxClosingFeerate = 100_000;

    public override Task<ListChannelsResponse> ListChannels(ListChannelsRequest request, ServerCallContext context)
    {
        int pageSize = ApiArguments.PageSize(request.PageSize);
        string after = ApiArguments.PageToken(request.PageToken);
        var meter = OptionalNodeId(request.MeterNodeId, "meter_node_id");
        var states = request.States.ToHashSet();
        var matching = host.AllChannels()
            .Where(c => meter is null || c.Meter.Equals(meter))
            .Where(c => states.Count == 0 || states.Contains(ChannelFacts.StateOf(c.State)))
            .Where(c => string.CompareOrdinal(c.State.ChannelId.ToHex(), after) > 0)
            .Take(pageSize + 1)
            .ToList();
        var response = new ListChannelsResponse();
        response.Channels.AddRange(matching.Take(pageSize).Select(ToProto));
        if (matching.Count > pageSize)
        {
            response.NextPageToken = ApiArguments.NextPageToken(matching[pageSize - 1].State.ChannelId.ToHex());
        }

        return Task.FromResult(response);
    }

    public override Task<Channel> GetChannel(GetChannelRequest request, ServerCallContext context) =>
        Task.FromResult(ToProto(Find(request.ChannelId, request.MeterNodeId)));

    public override async Task<CloseChannelResponse> CloseChannel(CloseChannelRequest request, ServerCallContext context)
    {
        var channel = Find(request.ChannelId, request.MeterNodeId);
        if (host.Node.GetState(channel.Meter) is not { } live || live.ChannelId != channel.State.ChannelId)
        {
            throw ApiArguments.Precondition($"channel {channel.State.ChannelId.ToHex()} is archived (closed); nothing to close");
        }

        EngineInput input = request.ModeCase switch
        {
            CloseChannelRequest.ModeOneofCase.Cooperative => await CooperativeAsync(live, request.Cooperative, context.CancellationToken).ConfigureAwait(false),
            CloseChannelRequest.ModeOneofCase.Force => Force(live, request.Force),
            _ => throw ApiArguments.Invalid("set cooperative or force"),
        };

        await host.Node.PostAsync(channel.Meter, input, context.CancellationToken).ConfigureAwait(false);
        if (request.WaitForTxid)
        {
            while (true)
            {
                var changed = hub.NextChangeAsync(context.CancellationToken);
                var now = host.Node.GetState(channel.Meter) ?? live;
                if (ChannelFacts.ClosingTxId(now) is { } txId)
                {
                    return new CloseChannelResponse { State = ChannelFacts.StateOf(now), ClosingTxid = txId.ToString() };
                }

                await changed.ConfigureAwait(false);
            }
        }

        var after = host.Node.GetState(channel.Meter) ?? live;
        return new CloseChannelResponse { State = ChannelFacts.StateOf(after), ClosingTxid = ChannelFacts.ClosingTxId(after)?.ToString() ?? "" };
    }

    public override async Task SubscribeChannelEvents(SubscribeChannelEventsRequest request, IServerStreamWriter<ChannelEvent> responseStream, ServerCallContext context)
    {
        string channelId = request.ChannelId.Length == 0 ? "" : ApiArguments.ChannelId(request.ChannelId, "channel_id").ToHex();
        string meter = OptionalNodeId(request.MeterNodeId, "meter_node_id")?.ToString() ?? "";
        using var subscription = hub.Subscribe();
        using var call = CallToken(context);

        // The response headers say the subscription is live: a client that awaits them before
        // acting (closing a channel, say) sees every event that action causes.
        await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
        try
        {
            await foreach (var channelEvent in subscription.Reader.ReadAllAsync(call.Token).ConfigureAwait(false))
            {
                if ((channelId.Length == 0 || channelEvent.ChannelId == channelId) && (meter.Length == 0 || channelEvent.MeterNodeId == meter))
                {
                    await responseStream.WriteAsync(channelEvent, call.Token).ConfigureAwait(false);
                }
            }
        }
        catch (SubscriberTooSlowException)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"this stream fell more than {ChannelEventHub.QueueCapacity} events behind; subscribe again"));
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw ShuttingDown();
        }
    }

    private async Task<EngineInput> CooperativeAsync(EngineState live, CooperativeClose terms, CancellationToken cancellationToken)
    {
        uint target = terms.TargetFeerateSatPerKw;
        if (target != 0 && target is < MinClosingFeerate or > MaxClosingFeerate)
        {
            throw ApiArguments.Invalid($"target_feerate_sat_per_kw must be 0 (estimate) or from {MinClosingFeerate} to {MaxClosingFeerate}");
        }

        if (terms.MaxFeerateSatPerKw != 0 && terms.MaxFeerateSatPerKw is < MinClosingFeerate or > MaxClosingFeerate)
        {
            throw ApiArguments.Invalid($"max_feerate_sat_per_kw must be 0 (twice the target) or from {MinClosingFeerate} to {MaxClosingFeerate}");
        }

        if (live is not EngineState.Normal)
        {
            throw ApiArguments.Precondition($"a cooperative close needs an open channel; this one is {ChannelFacts.StateOf(live)}");
        }

        if (target == 0)
        {
            RequireChain("estimating the closing feerate");
            target = Math.Clamp((await fees.EstimateFeerateAsync(6, cancellationToken).ConfigureAwait(false)).Value, MinClosingFeerate, MaxClosingFeerate);
        }

        uint max = terms.MaxFeerateSatPerKw == 0 ? Math.Min(MaxClosingFeerate, target * 2) : terms.MaxFeerateSatPerKw;
        if (max < target)
        {
            throw ApiArguments.Invalid("max_feerate_sat_per_kw must not be below target_feerate_sat_per_kw");
        }

        return new EngineInput.CooperativeClose(null, new ClosingFeerates(new(target), new(MinClosingFeerate), new(max)));
    }

    private EngineInput Force(EngineState live, ForceClose terms)
    {
        string reason = ApiArguments.Text(terms.Reason, "force.reason", 200);
        if (live.CommitmentsOrNull is null || !ChannelFacts.IsOpen(live))
        {
            throw ApiArguments.Precondition($"a force close needs a channel with commitments that is not closing on chain; this one is {ChannelFacts.StateOf(live)}");
        }

        RequireChain("a force close");
        return new EngineInput.ForceClose(reason.Length == 0 ? "closed by the operator" : reason);
    }

    /// <summary>The channel named by id or by meter: NOT_FOUND when there is none, INVALID_ARGUMENT when neither is given.</summary>
    private StoredChannel Find(string channelId, string meterNodeId)
    {
        if (channelId.Length > 0)
        {
            var id = ApiArguments.ChannelId(channelId, "channel_id");
            return host.ChannelById(id)
                ?? throw ApiArguments.NotFound($"no channel {id.ToHex()}; ListChannels shows the known ones");
        }

        if (meterNodeId.Length > 0)
        {
            var meter = ApiArguments.NodeId(meterNodeId, "meter_node_id");
            return host.ChannelOf(meter) is { } found && found.State is not EngineState.OpeningAborted
                ? found
                : throw ApiArguments.NotFound($"meter {meter} has no channel with this node");
        }

        throw ApiArguments.Invalid("set channel_id or meter_node_id");
    }

    private Channel ToProto(StoredChannel channel)
    {
        var state = channel.State;
        var (local, remote) = ChannelFacts.BalancesMsat(state);
        var totals = journal.TotalsOf(state.ChannelId);
        var proto = new Channel
        {
            ChannelId = state.ChannelId.ToHex(),
            MeterNodeId = channel.Meter.ToString(),
            State = ChannelFacts.StateOf(state),
            CapacitySat = ChannelFacts.CapacitySat(state),
            FundingOutpoint = ChannelFacts.ToProto(ChannelFacts.FundingOutPoint(state)),
            LocalBalanceMsat = local,
            RemoteBalanceMsat = remote,
            LocalCommitmentNumber = state.CommitmentsOrNull?.LocalCommit.Index ?? 0,
            RemoteCommitmentNumber = state.CommitmentsOrNull?.RemoteCommit.Index ?? 0,
            TotalReceivedMsat = totals.ReceivedMsat,
            TotalSentMsat = totals.SentMsat,
            TransferCount = totals.Count,
            Connected = ChannelFacts.Connected(state),
            MeterReadingKey = ChannelFacts.ReadingKey(state)?.ToString() ?? "",
            FeerateSatPerKw = ChannelFacts.FeeratePerKw(state),
            ClosingTxid = ChannelFacts.ClosingTxId(state)?.ToString() ?? "",
        };
        if (totals.LastReceivedReading is { } reading)
        {
            proto.LastReading = ChannelFacts.ToProto(reading);
        }

        return proto;
    }
}
