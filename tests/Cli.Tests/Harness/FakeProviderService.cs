using Google.Protobuf;
using Grpc.Core;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Tests.Harness;

/// <summary>
/// The provider API as the tests serve it: a small in-memory node with three channels, a
/// transfer journal, a tariff and an allow-list, checking tokens as the daemon does (admin
/// may call all, read-only only the read methods, anything else UNAUTHENTICATED). It records
/// what mcli sent, and can fail or stall the next call on demand.
/// </summary>
public sealed class FakeProviderService(string adminToken, string readOnlyToken) : ProviderService.ProviderServiceBase
{
    public static readonly string ChannelA = new('a', 64);
    public static readonly string ChannelB = new('b', 64);
    public static readonly string ChannelC = new('c', 64);
    public static readonly string MeterA = "02" + new string('1', 64);
    public static readonly string MeterB = "03" + new string('2', 64);
    public static readonly string MeterC = "02" + new string('3', 64);
    public static readonly string FundingTxid = new('d', 64);
    public static readonly string NodeId = "02" + new string('9', 64);

    private readonly object gate = new();
    private readonly SortedDictionary<string, Meter> meters = new(StringComparer.Ordinal);
    private Tariff defaultTariff = new() { BaseMsatPerWh = 250 };

    /// <summary>The method and request of the last call.</summary>
    public (string Method, IMessage Request)? Last { get; private set; }

    /// <summary>The authorization header of the last call.</summary>
    public string? LastAuthorization { get; private set; }

    /// <summary>Thrown by the next call (after the token check), then cleared.</summary>
    public RpcException? NextFailure { get; set; }

    /// <summary>The next call waits until the client gives up (for deadlines).</summary>
    public bool StallNextCall { get; set; }

    /// <summary>Streams stay open after their items, until the client goes.</summary>
    public bool HoldStreams { get; set; }

    public List<Channel> Channels { get; } =
    [
        new Channel
        {
            ChannelId = ChannelA, MeterNodeId = MeterA, State = ChannelState.Normal, CapacitySat = 1_000_000,
            FundingOutpoint = new OutPoint { Txid = FundingTxid, OutputIndex = 1 },
            LocalBalanceMsat = 400_000_000, RemoteBalanceMsat = 600_000_000, LocalCommitmentNumber = 42, RemoteCommitmentNumber = 41,
            LastReading = new SignedMeterReading { CumulativeWh = 12_345, PulseCount = 98_765, Timestamp = 1_796_212_800, Signature = new string('5', 128) },
            TotalReceivedMsat = 7_000_000, TotalSentMsat = 1_000, Connected = true, MeterReadingKey = "03" + new string('4', 64),
            FeerateSatPerKw = 253, TransferCount = 17,
        },
        new Channel { ChannelId = ChannelB, MeterNodeId = MeterB, State = ChannelState.Opening, CapacitySat = 500_000, FeerateSatPerKw = 253 },
        new Channel { ChannelId = ChannelC, MeterNodeId = MeterC, State = ChannelState.Closed, CapacitySat = 200_000, ClosingTxid = new string('e', 64) },
    ];

    public List<Transfer> Journal { get; } = Enumerable.Range(1, 5).Select(i => new Transfer
    {
        Sequence = (ulong)i,
        ChannelId = i % 2 == 1 ? ChannelA : ChannelB,
        MeterNodeId = i % 2 == 1 ? MeterA : MeterB,
        Direction = i == 4 ? TransferDirection.Sent : TransferDirection.Received,
        TransferId = (ulong)(i / 2),
        AmountMsat = (ulong)(i * 1_000),
        Reading = new SignedMeterReading { CumulativeWh = (ulong)(1_000 + i), PulseCount = (ulong)(10 * i), Timestamp = 1_796_212_800 + (ulong)i, Signature = new string('6', 128) },
        CommittedAtMs = 1_796_212_800_000 + i,
        LocalCommitmentNumber = (ulong)(10 + i),
    }).ToList();

    public List<ChannelEvent> Events { get; } =
    [
        new ChannelEvent
        {
            ChannelId = ChannelB, MeterNodeId = MeterB, TimeMs = 1_796_212_800_000, State = ChannelState.Opening,
            Opened = new ChannelOpened { CapacitySat = 500_000, FundingOutpoint = new OutPoint { Txid = FundingTxid, OutputIndex = 0 } },
        },
        new ChannelEvent
        {
            ChannelId = ChannelB, MeterNodeId = MeterB, TimeMs = 1_796_212_860_000, State = ChannelState.Normal,
            FundingConfirmed = new FundingConfirmed { FundingOutpoint = new OutPoint { Txid = FundingTxid, OutputIndex = 0 } },
        },
        new ChannelEvent
        {
            ChannelId = ChannelA, MeterNodeId = MeterA, TimeMs = 1_796_212_920_000, State = ChannelState.ShuttingDown,
            Closing = new Closing { Kind = "cooperative", Reason = "operator request" },
        },
    ];

    public override async Task<GetInfoResponse> GetInfo(GetInfoRequest request, ServerCallContext context)
    {
        await EnterAsync(nameof(GetInfo), request, context, write: false);
        var response = new GetInfoResponse
        {
            NodeId = NodeId, Network = "regtest", BlockHeight = 812, SyncedToChain = true, Version = "0.1.0-test",
            PeerAddress = "0.0.0.0:9735", LastTransferSequence = 5, BlockHash = new string('0', 60) + "beef",
        };
        response.ChannelCounts.Add(new ChannelStateCount { State = ChannelState.Opening, Count = 1 });
        response.ChannelCounts.Add(new ChannelStateCount { State = ChannelState.Normal, Count = 1 });
        response.ChannelCounts.Add(new ChannelStateCount { State = ChannelState.Closed, Count = 1 });
        return response;
    }

    public override async Task<ListChannelsResponse> ListChannels(ListChannelsRequest request, ServerCallContext context)
    {
        await EnterAsync(nameof(ListChannels), request, context, write: false);
        if (request.PageSize > 1000)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"page_size {request.PageSize} is above 1000: ask for at most 1000 channels per page"));
        }

        int start = 0;
        if (request.PageToken.Length > 0 && (!request.PageToken.StartsWith("p", StringComparison.Ordinal) || !int.TryParse(request.PageToken[1..], out start)))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "page_token was not made by this server: start again with an empty page_token"));
        }

        var matching = Channels
            .Where(c => request.States.Count == 0 || request.States.Contains(c.State))
            .Where(c => request.MeterNodeId.Length == 0 || c.MeterNodeId == request.MeterNodeId)
            .ToList();
        int size = request.PageSize == 0 ? 100 : (int)request.PageSize;
        var response = new ListChannelsResponse();
        response.Channels.AddRange(matching.Skip(start).Take(size));
        response.NextPageToken = start + size < matching.Count ? $"p{start + size}" : "";
        return response;
    }

    public override async Task<Channel> GetChannel(GetChannelRequest request, ServerCallContext context)
    {
        await EnterAsync(nameof(GetChannel), request, context, write: false);
        return Find(request.ChannelId, request.MeterNodeId);
    }

    public override async Task<CloseChannelResponse> CloseChannel(CloseChannelRequest request, ServerCallContext context)
    {
        await EnterAsync(nameof(CloseChannel), request, context, write: true);
        var channel = Find(request.ChannelId, request.MeterNodeId);
        if (channel.State == ChannelState.Closed)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"channel {channel.ChannelId} is already closed: nothing to close"));
        }

        return request.ModeCase == CloseChannelRequest.ModeOneofCase.Force
            ? new CloseChannelResponse { State = ChannelState.ForceClosing, ClosingTxid = new string('f', 64) }
            : new CloseChannelResponse { State = ChannelState.ShuttingDown, ClosingTxid = request.WaitForTxid ? new string('7', 64) : "" };
    }

    public override async Task SubscribeChannelEvents(SubscribeChannelEventsRequest request, IServerStreamWriter<ChannelEvent> responseStream, ServerCallContext context)
    {
        await EnterAsync(nameof(SubscribeChannelEvents), request, context, write: false);
        foreach (var e in Events.Where(e => (request.ChannelId.Length == 0 || e.ChannelId == request.ChannelId)
            && (request.MeterNodeId.Length == 0 || e.MeterNodeId == request.MeterNodeId)))
        {
            await responseStream.WriteAsync(e);
        }

        await HoldAsync(context);
    }

    public override async Task SubscribeTransfers(SubscribeTransfersRequest request, IServerStreamWriter<Transfer> responseStream, ServerCallContext context)
    {
        await EnterAsync(nameof(SubscribeTransfers), request, context, write: false);
        foreach (var t in Journal.Where(t => t.Sequence > request.AfterSequence
            && (request.ChannelId.Length == 0 || t.ChannelId == request.ChannelId)
            && (request.MeterNodeId.Length == 0 || t.MeterNodeId == request.MeterNodeId)))
        {
            await responseStream.WriteAsync(t);
        }

        await HoldAsync(context);
    }

    public override async Task<SendTransferResponse> SendTransfer(SendTransferRequest request, ServerCallContext context)
    {
        await EnterAsync(nameof(SendTransfer), request, context, write: true);
        if (request.AmountMsat <= 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"amount_msat {request.AmountMsat} must be at least 1"));
        }

        var channel = Find(request.ChannelId, request.MeterNodeId);
        if ((ulong)request.AmountMsat > channel.LocalBalanceMsat)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"amount_msat {request.AmountMsat} is above our spendable balance {channel.LocalBalanceMsat} msat in channel {channel.ChannelId}"));
        }

        return new SendTransferResponse { ChannelId = channel.ChannelId, State = channel.State, LocalBalanceMsat = channel.LocalBalanceMsat };
    }

    public override async Task<GetTariffResponse> GetTariff(GetTariffRequest request, ServerCallContext context)
    {
        await EnterAsync(nameof(GetTariff), request, context, write: false);
        lock (gate)
        {
            if (request.MeterNodeId.Length > 0 && !meters.ContainsKey(request.MeterNodeId))
            {
                throw new RpcException(new Status(StatusCode.NotFound, $"meter {request.MeterNodeId} is not on the allow-list: see ListMeters"));
            }

            return new GetTariffResponse { Tariff = defaultTariff.Clone(), CurrentMsatPerWh = defaultTariff.BaseMsatPerWh, UpdatedAtMs = 1_796_212_800_000 };
        }
    }

    public override async Task<SetTariffResponse> SetTariff(SetTariffRequest request, ServerCallContext context)
    {
        await EnterAsync(nameof(SetTariff), request, context, write: true);
        lock (gate)
        {
            if (request.MeterNodeId.Length == 0)
            {
                defaultTariff = request.Tariff.Clone();
            }

            return new SetTariffResponse { Tariff = request.Tariff ?? defaultTariff, MeterSpecific = request.MeterNodeId.Length > 0 && !request.Clear };
        }
    }

    public override async Task<ListMetersResponse> ListMeters(ListMetersRequest request, ServerCallContext context)
    {
        await EnterAsync(nameof(ListMeters), request, context, write: false);
        lock (gate)
        {
            int start = request.PageToken.Length == 0 ? 0 : int.Parse(request.PageToken[1..], System.Globalization.CultureInfo.InvariantCulture);
            int size = request.PageSize == 0 ? 100 : (int)request.PageSize;
            var response = new ListMetersResponse();
            response.Meters.AddRange(meters.Values.Skip(start).Take(size).Select(m => m.Clone()));
            response.NextPageToken = start + size < meters.Count ? $"m{start + size}" : "";
            return response;
        }
    }

    public override async Task<AllowMeterResponse> AllowMeter(AllowMeterRequest request, ServerCallContext context)
    {
        await EnterAsync(nameof(AllowMeter), request, context, write: true);
        if (request.NodeId.Length != 66 || !request.NodeId.All(Uri.IsHexDigit))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"node_id '{request.NodeId}' is not 66 hex digits (a compressed public key)"));
        }

        lock (gate)
        {
            bool added = !meters.ContainsKey(request.NodeId);
            var meter = new Meter { NodeId = request.NodeId, ReadingKey = request.ReadingKey, Label = request.Label, AddedAtMs = 1_796_212_800_000 };
            meters[request.NodeId] = meter;
            return new AllowMeterResponse { Meter = meter.Clone(), Added = added };
        }
    }

    public override async Task<RemoveMeterResponse> RemoveMeter(RemoveMeterRequest request, ServerCallContext context)
    {
        await EnterAsync(nameof(RemoveMeter), request, context, write: true);
        lock (gate)
        {
            if (!meters.Remove(request.NodeId, out var meter))
            {
                throw new RpcException(new Status(StatusCode.NotFound, $"meter {request.NodeId} is not on the allow-list: see ListMeters"));
            }

            return new RemoveMeterResponse { Meter = meter };
        }
    }

    public override async Task<GetBalanceSheetResponse> GetBalanceSheet(GetBalanceSheetRequest request, ServerCallContext context)
    {
        await EnterAsync(nameof(GetBalanceSheet), request, context, write: false);
        return new GetBalanceSheetResponse
        {
            ReceivedMsat = 7_000_000, SentMsat = 1_000, OnchainSettledSat = 150_000, InChannelsMsat = 400_000_000,
            MetersInChannelsMsat = 600_000_000, OpenChannelCount = 2,
        };
    }

    /// <summary>Clears what earlier tests set or recorded.</summary>
    /// <summary>A genuine, countersigned statement (<see cref="StatementSample"/>) of the asked channel.</summary>
    public override async Task<Statement> GetStatement(GetStatementRequest request, ServerCallContext context)
    {
        await EnterAsync(nameof(GetStatement), request, context, write: false);
        var statement = StatementSample.Build();
        return new Statement
        {
            Json = Microchannels.Channels.Billing.Statements.StatementJson.Write(statement),
            ChannelId = statement.ChannelId.ToHex(),
            PeriodStart = statement.PeriodStart,
            PeriodEnd = statement.PeriodEnd,
            TreeSize = statement.TreeSize,
            Root = statement.Root.ToHex(),
            ImportWh = statement.Totals.ImportWh,
            AmountMsat = statement.Totals.AmountMsat.Value,
            TariffMsatPerWh = statement.TariffMsatPerWh,
            ReadingCount = (ulong)statement.Readings.Count,
            ProviderSignature = Convert.ToHexStringLower(statement.ProviderSignature!.AsSpan()),
            MeterSignature = Convert.ToHexStringLower(statement.MeterSignature!.AsSpan()),
        };
    }

    public void Reset()
    {
        Last = null;
        LastAuthorization = null;
        NextFailure = null;
        StallNextCall = false;
        HoldStreams = false;
        lock (gate)
        {
            meters.Clear();
            defaultTariff = new Tariff { BaseMsatPerWh = 250 };
        }
    }

    private async Task EnterAsync(string method, IMessage request, ServerCallContext context, bool write)
    {
        string? authorization = context.RequestHeaders.GetValue("authorization");
        Last = (method, request);
        LastAuthorization = authorization;
        bool admin = authorization == "Bearer " + adminToken;
        if (!admin && authorization != "Bearer " + readOnlyToken)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "no valid token in \"authorization: Bearer <token>\""));
        }

        if (write && !admin)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"{method} needs the admin token; the read-only token may call only read methods"));
        }

        if (StallNextCall)
        {
            StallNextCall = false;
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }

        if (NextFailure is { } failure)
        {
            NextFailure = null;
            throw failure;
        }
    }

    private async Task HoldAsync(ServerCallContext context)
    {
        if (HoldStreams)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The client went away: the stream ends.
            }
        }
    }

    private Channel Find(string channelId, string meterNodeId)
    {
        if (channelId.Length > 0 && (channelId.Length != 64 || !channelId.All(Uri.IsHexDigit)))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"channel_id '{channelId}' is not 64 hex digits"));
        }

        return Channels.FirstOrDefault(c => channelId.Length > 0 ? c.ChannelId == channelId : c.MeterNodeId == meterNodeId)
            ?? throw new RpcException(new Status(StatusCode.NotFound,
                $"no channel {(channelId.Length > 0 ? channelId : "of meter " + meterNodeId)}: list the channels with ListChannels"));
    }
}
