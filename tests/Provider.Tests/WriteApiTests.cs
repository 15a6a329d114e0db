using Grpc.Core;
using Microchannels.Provider.Api.V1;
using Microchannels.Provider.Tests.Support;

namespace Microchannels.Provider.Tests;

/// <summary>The admin methods, the token rules and every error status through Grpc.Net.Client against the real daemon.</summary>
[Collection(OpenChannelsCollection.Name)]
public sealed class WriteApiTests(OpenChannelsFixture fixture)
{
    private static readonly string UnknownMeter = Bitcoin.Crypto.PrivateKey.FromBytes(Bitcoin.Crypto.Hashes.Sha256("a meter nobody allowed"u8)).PublicKey.ToString();

    [Fact]
    public async Task A_call_without_a_token_or_with_an_unknown_one_is_UNAUTHENTICATED()
    {
        var none = await Assert.ThrowsAsync<RpcException>(async () => await fixture.Daemon.Client(token: null).GetInfoAsync(new GetInfoRequest()));
        Assert.Equal(StatusCode.Unauthenticated, none.StatusCode);
        var wrong = await Assert.ThrowsAsync<RpcException>(async () => await fixture.Daemon.Client(new string('0', 64)).GetInfoAsync(new GetInfoRequest()));
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        var stream = fixture.Daemon.Client(token: null).SubscribeTransfers(new SubscribeTransfersRequest());
        var streamed = await Assert.ThrowsAsync<RpcException>(async () => await stream.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Unauthenticated, streamed.StatusCode);
    }

    [Fact]
    public async Task The_read_only_token_may_not_call_any_admin_method()
    {
        var client = fixture.ReadOnly;
        string meter = fixture.A.NodeKey.PublicKey.ToString();
        Func<Task>[] calls =
        [
            async () => await client.CloseChannelAsync(new CloseChannelRequest { MeterNodeId = meter, Force = new ForceClose() }),
            async () => await client.SendTransferAsync(new SendTransferRequest { MeterNodeId = meter, AmountMsat = 1 }),
            async () => await client.SetTariffAsync(new SetTariffRequest { Tariff = new Tariff { BaseMsatPerWh = 5 } }),
            async () => await client.AllowMeterAsync(new AllowMeterRequest { NodeId = UnknownMeter }),
            async () => await client.RemoveMeterAsync(new RemoveMeterRequest { NodeId = meter }),
        ];
        foreach (var call in calls)
        {
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(call)).StatusCode);
        }

        // Nothing changed: A is still allowed and open.
        Assert.Contains((await client.ListMetersAsync(new ListMetersRequest())).Meters, m => m.NodeId == meter);
        Assert.Equal(ChannelState.Normal, (await client.GetChannelAsync(new GetChannelRequest { MeterNodeId = meter })).State);
    }

    [Fact]
    public async Task Unknown_channels_and_meters_are_NOT_FOUND_and_malformed_ids_INVALID_ARGUMENT()
    {
        await AssertStatus(StatusCode.NotFound, () => fixture.Admin.GetChannelAsync(new GetChannelRequest { ChannelId = new string('a', 64) }).ResponseAsync);
        await AssertStatus(StatusCode.NotFound, () => fixture.Admin.GetChannelAsync(new GetChannelRequest { MeterNodeId = UnknownMeter }).ResponseAsync);
        await AssertStatus(StatusCode.NotFound, () => fixture.Admin.RemoveMeterAsync(new RemoveMeterRequest { NodeId = UnknownMeter }).ResponseAsync);
        await AssertStatus(StatusCode.NotFound, () => fixture.Admin.GetTariffAsync(new GetTariffRequest { MeterNodeId = UnknownMeter }).ResponseAsync);
        await AssertStatus(StatusCode.InvalidArgument, () => fixture.Admin.GetChannelAsync(new GetChannelRequest { ChannelId = "xyz" }).ResponseAsync);
        await AssertStatus(StatusCode.InvalidArgument, () => fixture.Admin.GetChannelAsync(new GetChannelRequest { MeterNodeId = "04" + new string('1', 64) }).ResponseAsync);
        await AssertStatus(StatusCode.InvalidArgument, () => fixture.Admin.GetChannelAsync(new GetChannelRequest()).ResponseAsync);
        await AssertStatus(StatusCode.InvalidArgument, () => fixture.Admin.ListChannelsAsync(new ListChannelsRequest { PageSize = 1001 }).ResponseAsync);
        await AssertStatus(StatusCode.InvalidArgument, () => fixture.Admin.ListChannelsAsync(new ListChannelsRequest { PageSize = uint.MaxValue }).ResponseAsync);
        await AssertStatus(StatusCode.InvalidArgument, () => fixture.Admin.ListChannelsAsync(new ListChannelsRequest { PageToken = "not a token" }).ResponseAsync);
        await AssertStatus(StatusCode.InvalidArgument, () => fixture.Admin.AllowMeterAsync(new AllowMeterRequest { NodeId = UnknownMeter, ReadingKey = "00" }).ResponseAsync);
    }

    [Fact]
    public async Task SendTransfer_refuses_zero_negative_overflowing_and_unaffordable_amounts_then_pays_the_meter()
    {
        string meter = fixture.B.NodeKey.PublicKey.ToString();
        await AssertStatus(StatusCode.InvalidArgument, () => fixture.Admin.SendTransferAsync(new SendTransferRequest { MeterNodeId = meter, AmountMsat = 0 }).ResponseAsync);
        await AssertStatus(StatusCode.InvalidArgument, () => fixture.Admin.SendTransferAsync(new SendTransferRequest { MeterNodeId = meter, AmountMsat = -5 }).ResponseAsync);
        await AssertStatus(StatusCode.InvalidArgument, () => fixture.Admin.SendTransferAsync(new SendTransferRequest { MeterNodeId = meter, AmountMsat = long.MaxValue }).ResponseAsync);
        await AssertStatus(StatusCode.FailedPrecondition, () => fixture.Admin.SendTransferAsync(new SendTransferRequest { MeterNodeId = meter, AmountMsat = (long)OpenChannelsFixture.FundingSat * 1000 }).ResponseAsync);
        await AssertStatus(StatusCode.InvalidArgument, () => fixture.Admin.SendTransferAsync(new SendTransferRequest
        {
            MeterNodeId = meter,
            AmountMsat = 1,
            Reading = new SignedMeterReading { CumulativeWh = 1, Signature = new string('0', 128) },
        }).ResponseAsync);

        var before = await fixture.Admin.GetChannelAsync(new GetChannelRequest { MeterNodeId = meter });
        var sent = await fixture.Admin.SendTransferAsync(new SendTransferRequest { MeterNodeId = meter, AmountMsat = 3_000 });
        Assert.Equal(before.ChannelId, sent.ChannelId);
        await Eventually.TrueAsync(async () => (await fixture.Admin.GetChannelAsync(new GetChannelRequest { MeterNodeId = meter })).TotalSentMsat >= before.TotalSentMsat + 3_000, "the refund committed");
        var after = await fixture.Admin.GetChannelAsync(new GetChannelRequest { MeterNodeId = meter });
        Assert.Equal(before.TotalSentMsat + 3_000, after.TotalSentMsat);
        Assert.Equal(before.RemoteBalanceMsat + 3_000, after.RemoteBalanceMsat);

        using var stream = fixture.ReadOnly.SubscribeTransfers(new SubscribeTransfersRequest { MeterNodeId = meter }, deadline: DateTime.UtcNow.AddSeconds(30));
        Transfer? refund = null;
        while (refund is null && await stream.ResponseStream.MoveNext(CancellationToken.None))
        {
            refund = stream.ResponseStream.Current.Direction == TransferDirection.Sent ? stream.ResponseStream.Current : null;
        }

        Assert.Equal(3_000UL, refund!.AmountMsat);
    }

    [Fact]
    public async Task Tariffs_have_a_default_and_per_meter_tables_checked_for_overlaps()
    {
        var initial = await fixture.ReadOnly.GetTariffAsync(new GetTariffRequest());
        Assert.False(initial.MeterSpecific);

        var table = new Tariff
        {
            BaseMsatPerWh = 100,
            TimeZone = "Europe/Berlin",
            Periods =
            {
                new TimeOfUsePeriod { DaysOfWeek = 127, StartMinute = 0, EndMinute = 360, MsatPerWh = 40, Label = "night" },
                new TimeOfUsePeriod { DaysOfWeek = 62, StartMinute = 1020, EndMinute = 1260, MsatPerWh = 180, Label = "peak" },
            },
        };
        string meter = fixture.C.NodeKey.PublicKey.ToString();
        var set = await fixture.Admin.SetTariffAsync(new SetTariffRequest { MeterNodeId = meter, Tariff = table });
        Assert.True(set.MeterSpecific);
        var got = await fixture.ReadOnly.GetTariffAsync(new GetTariffRequest { MeterNodeId = meter });
        Assert.Equal(table, got.Tariff);
        Assert.Contains(got.CurrentMsatPerWh, new long[] { 40, 100, 180 });
        Assert.True(got.UpdatedAtMs > 0);

        var overlapping = table.Clone();
        overlapping.Periods.Add(new TimeOfUsePeriod { DaysOfWeek = 1, StartMinute = 300, EndMinute = 400, MsatPerWh = 1 });
        await AssertStatus(StatusCode.InvalidArgument, () => fixture.Admin.SetTariffAsync(new SetTariffRequest { Tariff = overlapping }).ResponseAsync);
        await AssertStatus(StatusCode.InvalidArgument, () => fixture.Admin.SetTariffAsync(new SetTariffRequest { Tariff = new Tariff { BaseMsatPerWh = 0 } }).ResponseAsync);
        await AssertStatus(StatusCode.InvalidArgument, () => fixture.Admin.SetTariffAsync(new SetTariffRequest { Tariff = new Tariff { BaseMsatPerWh = 1, TimeZone = "Mars/Olympus" } }).ResponseAsync);
        await AssertStatus(StatusCode.NotFound, () => fixture.Admin.SetTariffAsync(new SetTariffRequest { MeterNodeId = UnknownMeter, Tariff = table }).ResponseAsync);

        var cleared = await fixture.Admin.SetTariffAsync(new SetTariffRequest { MeterNodeId = meter, Clear = true });
        Assert.False(cleared.MeterSpecific);
        Assert.False((await fixture.ReadOnly.GetTariffAsync(new GetTariffRequest { MeterNodeId = meter })).MeterSpecific);
    }

    [Fact]
    public async Task The_allow_list_adds_updates_lists_and_removes_meters()
    {
        string meter = Microchannels.Bitcoin.Crypto.PrivateKey.FromBytes(Microchannels.Bitcoin.Crypto.Hashes.Sha256("allow list test"u8)).PublicKey.ToString();
        var added = await fixture.Admin.AllowMeterAsync(new AllowMeterRequest { NodeId = meter, Label = "site 7" });
        Assert.True(added.Added);
        var updated = await fixture.Admin.AllowMeterAsync(new AllowMeterRequest { NodeId = meter, Label = "site 7b" });
        Assert.False(updated.Added);
        Assert.Equal(added.Meter.AddedAtMs, updated.Meter.AddedAtMs);

        var listed = new List<Meter>();
        string token = "";
        do
        {
            var page = await fixture.ReadOnly.ListMetersAsync(new ListMetersRequest { PageSize = 2, PageToken = token });
            listed.AddRange(page.Meters);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        Assert.Equal("site 7b", Assert.Single(listed, m => m.NodeId == meter).Label);
        Assert.Equal(fixture.A.State.ChannelId.ToHex(), Assert.Single(listed, m => m.NodeId == fixture.A.NodeKey.PublicKey.ToString()).ChannelId);

        Assert.Equal(meter, (await fixture.Admin.RemoveMeterAsync(new RemoveMeterRequest { NodeId = meter })).Meter.NodeId);
        Assert.DoesNotContain((await fixture.ReadOnly.ListMetersAsync(new ListMetersRequest { PageSize = 1000 })).Meters, m => m.NodeId == meter);
    }

    [Fact]
    public async Task Force_close_returns_the_commitment_txid_streams_the_event_and_then_refuses_a_second_close()
    {
        string meter = fixture.C.NodeKey.PublicKey.ToString();
        using var events = fixture.ReadOnly.SubscribeChannelEvents(new SubscribeChannelEventsRequest { MeterNodeId = meter }, deadline: DateTime.UtcNow.AddSeconds(60));
        await events.ResponseHeadersAsync; // the subscription is live before the close
        await AssertStatus(StatusCode.InvalidArgument, () => fixture.Admin.CloseChannelAsync(new CloseChannelRequest { MeterNodeId = meter }).ResponseAsync);

        var closed = await fixture.Admin.CloseChannelAsync(new CloseChannelRequest { MeterNodeId = meter, Force = new ForceClose { Reason = "test" }, WaitForTxid = true }, deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(ChannelState.ForceClosing, closed.State);
        // The txid is known once the force close is stored; the broadcast follows it (save, then send).
        await Eventually.TrueAsync(() => fixture.Chain.InMempoolAsync(Bitcoin.Transactions.TxId.Parse(closed.ClosingTxid)), "the commitment's broadcast");

        ChannelEvent? closing = null;
        while (closing is null && await events.ResponseStream.MoveNext(CancellationToken.None))
        {
            closing = events.ResponseStream.Current.KindCase == ChannelEvent.KindOneofCase.Closing ? events.ResponseStream.Current : null;
        }

        Assert.Equal("force", closing!.Closing.Kind);
        Assert.Equal(closed.ClosingTxid, closing.Closing.ClosingTxid);
        Assert.Equal(meter, closing.MeterNodeId);

        await AssertStatus(StatusCode.FailedPrecondition, () => fixture.Admin.CloseChannelAsync(new CloseChannelRequest { MeterNodeId = meter, Cooperative = new CooperativeClose { TargetFeerateSatPerKw = 253 } }).ResponseAsync);
        await AssertStatus(StatusCode.FailedPrecondition, () => fixture.Admin.SendTransferAsync(new SendTransferRequest { MeterNodeId = meter, AmountMsat = 1 }).ResponseAsync);
    }

    [Fact]
    public async Task Cooperative_close_negotiates_with_the_meter_and_returns_the_closing_txid()
    {
        string meter = fixture.D.NodeKey.PublicKey.ToString();
        await AssertStatus(StatusCode.InvalidArgument, () => fixture.Admin.CloseChannelAsync(new CloseChannelRequest { MeterNodeId = meter, Cooperative = new CooperativeClose { TargetFeerateSatPerKw = 5 } }).ResponseAsync);
        await AssertStatus(StatusCode.InvalidArgument, () => fixture.Admin.CloseChannelAsync(new CloseChannelRequest { MeterNodeId = meter, Cooperative = new CooperativeClose { TargetFeerateSatPerKw = 1000, MaxFeerateSatPerKw = 500 } }).ResponseAsync);

        var closed = await fixture.Admin.CloseChannelAsync(new CloseChannelRequest { MeterNodeId = meter, Cooperative = new CooperativeClose { TargetFeerateSatPerKw = 1000 }, WaitForTxid = true }, deadline: DateTime.UtcNow.AddSeconds(60));
        Assert.Equal(ChannelState.MutualClose, closed.State);
        Assert.Equal(64, closed.ClosingTxid.Length);
        await Eventually.TrueAsync(() => fixture.Chain.InMempoolAsync(Bitcoin.Transactions.TxId.Parse(closed.ClosingTxid)), "the mutual close broadcast");
    }

    private static async Task AssertStatus(StatusCode expected, Func<Task> call)
    {
        var failure = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, failure.StatusCode);
        Assert.DoesNotContain("   at ", failure.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", failure.Status.Detail, StringComparison.Ordinal);
    }
}
