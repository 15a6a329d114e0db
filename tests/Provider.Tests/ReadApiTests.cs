using Grpc.Core;
using Microchannels.Provider.Api.V1;
using Microchannels.Provider.Tests.Support;

namespace Microchannels.Provider.Tests;

/// <summary>The read methods through Grpc.Net.Client, over TLS with the generated certificate, against the real daemon.</summary>
[Collection(OpenChannelsCollection.Name)]
public sealed class ReadApiTests(OpenChannelsFixture fixture)
{
    [Fact]
    public async Task GetInfo_reports_the_node_the_chain_and_the_channels_to_both_tokens()
    {
        foreach (var client in new[] { fixture.Admin, fixture.ReadOnly })
        {
            await Eventually.TrueAsync(async () => (await client.GetInfoAsync(new GetInfoRequest())).BlockHeight == (uint)await fixture.Chain.HeightAsync(), "the chain tip");
            var info = await client.GetInfoAsync(new GetInfoRequest());
            Assert.Equal(fixture.Daemon.NodeId.ToString(), info.NodeId);
            Assert.Equal("regtest", info.Network);
            Assert.True(info.SyncedToChain);
            Assert.Equal(64, info.BlockHash.Length);
            Assert.Equal("0.1.0", info.Version.Split('+')[0]);
            Assert.Equal(fixture.Daemon.PeerEndPoint.ToString(), info.PeerAddress);
            Assert.True(info.ChannelCounts.Sum(c => c.Count) >= 4);
            Assert.True(info.LastTransferSequence >= 2 * OpenChannelsFixture.TransfersEach);
        }
    }

    [Fact]
    public async Task GetChannel_by_meter_and_by_id_reports_balances_commitments_reading_and_totals()
    {
        var byMeter = await fixture.ReadOnly.GetChannelAsync(new GetChannelRequest { MeterNodeId = fixture.A.NodeKey.PublicKey.ToString() });
        var byId = await fixture.ReadOnly.GetChannelAsync(new GetChannelRequest { ChannelId = byMeter.ChannelId });
        Assert.Equal(byMeter.ChannelId, byId.ChannelId);
        Assert.Equal(fixture.A.State.ChannelId.ToHex(), byMeter.ChannelId);
        Assert.Equal(fixture.A.NodeKey.PublicKey.ToString(), byMeter.MeterNodeId);
        Assert.Equal(OpenChannelsFixture.FundingSat, byMeter.CapacitySat);
        Assert.Equal(fixture.A.Funding!.GetTxId().ToString(), byMeter.FundingOutpoint.Txid);
        Assert.Equal(fixture.A.ReadingKey.PublicKey.ToString(), byMeter.MeterReadingKey);
        Assert.True(byMeter.Connected);
        Assert.True(byMeter.LocalCommitmentNumber > 0);
        Assert.True(byMeter.RemoteCommitmentNumber > 0);

        // What the meter saw committed is what the daemon reports received; the balances add up.
        ulong paid = (ulong)fixture.A.Completed.Values.Sum(v => (decimal)v);
        Assert.True(byMeter.TotalReceivedMsat >= OpenChannelsFixture.TransfersEach * OpenChannelsFixture.TransferMsat);
        Assert.True(paid >= OpenChannelsFixture.TransfersEach * OpenChannelsFixture.TransferMsat);
        Assert.Equal(OpenChannelsFixture.FundingSat * 1000, byMeter.LocalBalanceMsat + byMeter.RemoteBalanceMsat);
        Assert.NotNull(byMeter.LastReading);
        Assert.True(byMeter.LastReading.CumulativeWh >= OpenChannelsFixture.TransfersEach);
        Assert.Equal(128, byMeter.LastReading.Signature.Length);
    }

    [Fact]
    public async Task ListChannels_pages_and_filters_by_state_and_meter()
    {
        var all = await fixture.ReadOnly.ListChannelsAsync(new ListChannelsRequest());
        Assert.True(all.Channels.Count >= 4);
        Assert.Equal(all.Channels.Select(c => c.ChannelId).Order(StringComparer.Ordinal), all.Channels.Select(c => c.ChannelId));

        var seen = new List<string>();
        string token = "";
        do
        {
            var page = await fixture.ReadOnly.ListChannelsAsync(new ListChannelsRequest { PageSize = 1, PageToken = token });
            Assert.True(page.Channels.Count <= 1);
            seen.AddRange(page.Channels.Select(c => c.ChannelId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        Assert.Equal(all.Channels.Select(c => c.ChannelId), seen);

        var ofB = await fixture.ReadOnly.ListChannelsAsync(new ListChannelsRequest { MeterNodeId = fixture.B.NodeKey.PublicKey.ToString() });
        Assert.Equal(fixture.B.State.ChannelId.ToHex(), Assert.Single(ofB.Channels).ChannelId);

        var closed = await fixture.ReadOnly.ListChannelsAsync(new ListChannelsRequest { States = { ChannelState.Closed } });
        Assert.DoesNotContain(closed.Channels, c => c.MeterNodeId == fixture.A.NodeKey.PublicKey.ToString());
        var normal = await fixture.ReadOnly.ListChannelsAsync(new ListChannelsRequest { States = { ChannelState.Normal } });
        Assert.Contains(normal.Channels, c => c.MeterNodeId == fixture.A.NodeKey.PublicKey.ToString());
        Assert.All(normal.Channels, c => Assert.Equal(ChannelState.Normal, c.State));
    }

    [Fact]
    public async Task SubscribeTransfers_replays_the_journal_in_sequence_and_resumes_after_a_sequence()
    {
        var first = await ReadTransfersAsync(0, 2 * OpenChannelsFixture.TransfersEach);
        Assert.Equal(Enumerable.Range(1, first.Count).Select(i => (ulong)i), first.Select(t => t.Sequence));
        Assert.All(first.Where(t => t.Direction == TransferDirection.Received), t => Assert.Equal(OpenChannelsFixture.TransferMsat, t.AmountMsat));
        Assert.All(first, t => Assert.Equal(128, t.Reading.Signature.Length));

        var resumed = await ReadTransfersAsync(first[4].Sequence, first.Count - 5);
        Assert.Equal(first.Skip(5).Select(t => t.Sequence), resumed.Select(t => t.Sequence));

        var ofA = fixture.ReadOnly.SubscribeTransfers(new SubscribeTransfersRequest { MeterNodeId = fixture.A.NodeKey.PublicKey.ToString() }, deadline: DateTime.UtcNow.AddSeconds(30));
        var onlyA = new List<Transfer>();
        while (onlyA.Count < OpenChannelsFixture.TransfersEach && await ofA.ResponseStream.MoveNext(CancellationToken.None))
        {
            onlyA.Add(ofA.ResponseStream.Current);
        }

        Assert.All(onlyA, t => Assert.Equal(fixture.A.NodeKey.PublicKey.ToString(), t.MeterNodeId));
        Assert.Equal(fixture.A.Completed.Keys.Order().Take(OpenChannelsFixture.TransfersEach), onlyA.Select(t => t.TransferId));
    }

    [Fact]
    public async Task A_stream_past_its_deadline_ends_with_DEADLINE_EXCEEDED_and_the_daemon_keeps_serving()
    {
        var call = fixture.ReadOnly.SubscribeTransfers(new SubscribeTransfersRequest { AfterSequence = 1_000_000 }, deadline: DateTime.UtcNow.AddMilliseconds(500));
        var failure = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.DeadlineExceeded, failure.StatusCode);
        Assert.NotEmpty((await fixture.ReadOnly.GetInfoAsync(new GetInfoRequest())).NodeId);
    }

    [Fact]
    public async Task GetBalanceSheet_sums_the_journal_and_the_channels()
    {
        var sheet = await fixture.ReadOnly.GetBalanceSheetAsync(new GetBalanceSheetRequest());
        var channels = (await fixture.ReadOnly.ListChannelsAsync(new ListChannelsRequest())).Channels;
        Assert.Equal((ulong)channels.Sum(c => (decimal)c.TotalReceivedMsat), sheet.ReceivedMsat);
        Assert.Equal((ulong)channels.Sum(c => (decimal)c.TotalSentMsat), sheet.SentMsat);
        Assert.True(sheet.ReceivedMsat >= 2 * OpenChannelsFixture.TransfersEach * OpenChannelsFixture.TransferMsat);
        Assert.True(sheet.OpenChannelCount >= 2);
        Assert.True(sheet.InChannelsMsat >= sheet.ReceivedMsat - sheet.SentMsat);
    }

    [Fact]
    public async Task Health_is_SERVING_while_synced_and_reflection_lists_the_service()
    {
        var health = new Grpc.Health.V1.Health.HealthClient(fixture.Daemon.Channel(token: null));
        await Eventually.TrueAsync(async () => (await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest())).Status == Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, "health SERVING");

        var reflection = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(fixture.Daemon.Channel(fixture.Daemon.ReadOnlyToken));
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Contains(call.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == "microchannels.provider.v1.ProviderService");
    }

    [Fact]
    public async Task The_metrics_endpoint_exports_transfers_channels_and_api_calls()
    {
        await fixture.ReadOnly.GetInfoAsync(new GetInfoRequest());
        using var http = new HttpClient();
        string text = await http.GetStringAsync($"http://127.0.0.1:{fixture.Daemon.MetricsPort}/metrics");
        Assert.Contains("microchannels_transfers_total{", text, StringComparison.Ordinal);
        Assert.Contains("microchannels_channels{", text, StringComparison.Ordinal);
        Assert.Contains("microchannels_api_calls_total{", text, StringComparison.Ordinal);
        Assert.Contains("microchannels_store_writes_per_fsync", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_metrics_are_not_served_on_the_api_port_to_a_host_header_that_names_the_metrics_port()
    {
        // Routes bound to a port by RequireHost match the Host header, which the client writes:
        // the daemon also checks the listener the request arrived on.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://127.0.0.1:{fixture.Daemon.ApiPort}/metrics");
        request.Headers.Host = $"127.0.0.1:{fixture.Daemon.MetricsPort}";

        using var response = await http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("microchannels_", body, StringComparison.Ordinal);
    }

    private async Task<List<Transfer>> ReadTransfersAsync(ulong after, int count)
    {
        using var call = fixture.ReadOnly.SubscribeTransfers(new SubscribeTransfersRequest { AfterSequence = after }, deadline: DateTime.UtcNow.AddSeconds(30));
        var transfers = new List<Transfer>();
        while (transfers.Count < count && await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            transfers.Add(call.ResponseStream.Current);
        }

        return transfers;
    }
}
