using System.Text.Json;
using Microchannels.Cli.Tests.Harness;
using Microchannels.Provider.Api.V1;
using static Microchannels.Cli.Tests.Harness.FakeProviderService;
using static Microchannels.Cli.Tests.Harness.TableText;

namespace Microchannels.Cli.Tests;

/// <summary>The read calls: tables by default, the API's own JSON with --json.</summary>
[Collection(DaemonCollection.Name)]
public sealed class ReadCommandTests
{
    private readonly FakeDaemon daemon;

    public ReadCommandTests(FakeDaemon daemon)
    {
        this.daemon = daemon;
        daemon.Service.Reset();
    }

    [Fact]
    public async Task Getinfo_prints_a_table_of_the_node()
    {
        var result = await daemon.RunAsync("getinfo");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(NodeId, result.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"network{Sep}regtest", result.Stdout);
        Assert.Matches($@"block height{Sep}812", result.Stdout);
        Assert.Matches($@"synced to chain{Sep}yes", result.Stdout);
        Assert.Contains("opening 1, normal 1, closed 1", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task Getinfo_json_is_the_proto3_mapping_with_proto_field_names()
    {
        var result = await daemon.RunAsync("getinfo", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(result.Lines);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(NodeId, root.GetProperty("node_id").GetString());
        Assert.Equal(812, root.GetProperty("block_height").GetInt32());
        Assert.True(root.GetProperty("synced_to_chain").GetBoolean());

        // uint64 is a string in proto3 JSON; enums are their .proto names.
        Assert.Equal("5", root.GetProperty("last_transfer_sequence").GetString());
        Assert.Equal("CHANNEL_STATE_OPENING", root.GetProperty("channel_counts")[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task Listchannels_prints_one_row_per_channel()
    {
        var result = await daemon.RunAsync("listchannels");

        Assert.True(result.ExitCode == 0, result.ToString());
        string row = Assert.Single(result.Lines, l => l.Contains(ChannelA, StringComparison.Ordinal));
        Assert.Matches($@"{ChannelA}{Sep}{MeterA}{Sep}normal{Sep}1,000,000{Sep}400,000,000{Sep}600,000,000{Sep}yes", row);
        Assert.Contains(result.Lines, l => l.Contains(ChannelB, StringComparison.Ordinal) && l.Contains("opening", StringComparison.Ordinal));
        Assert.Contains("3 channel(s)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listchannels_sends_the_state_and_meter_filters_and_the_page()
    {
        var result = await daemon.RunAsync("listchannels", "--state", "normal", "--state", "shutting-down", "--meter", MeterA, "--page-size", "7", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var request = Assert.IsType<ListChannelsRequest>(daemon.Service.Last?.Request);
        Assert.Equal([ChannelState.Normal, ChannelState.ShuttingDown], request.States);
        Assert.Equal(MeterA, request.MeterNodeId);
        Assert.Equal(7u, request.PageSize);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(ChannelA, json.RootElement.GetProperty("channels")[0].GetProperty("channel_id").GetString());
    }

    [Fact]
    public async Task Listchannels_pages_show_the_next_token_and_all_follows_them()
    {
        var first = await daemon.RunAsync("listchannels", "--page-size", "2");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("2 channel(s); next page: --page-token p2", first.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(ChannelC, first.Stdout, StringComparison.Ordinal);

        var all = await daemon.RunAsync("listchannels", "--page-size", "2", "--all", "--json");
        Assert.True(all.ExitCode == 0, all.ToString());
        using var json = JsonDocument.Parse(all.Stdout);
        Assert.Equal(
            [ChannelA, ChannelB, ChannelC],
            json.RootElement.GetProperty("channels").EnumerateArray().Select(c => c.GetProperty("channel_id").GetString()));
        Assert.Equal("", json.RootElement.GetProperty("next_page_token").GetString());
    }

    [Fact]
    public async Task Getchannel_by_id_prints_every_field()
    {
        var result = await daemon.RunAsync("getchannel", ChannelA);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches($@"funding outpoint{Sep}{FundingTxid}:1", result.Stdout);
        Assert.Matches($@"local commitment number{Sep}42", result.Stdout);
        Assert.Matches($@"last reading{Sep}12,345 Wh, 98,765 pulses at 2026-12-02 12:00:00Z", result.Stdout);
        Assert.Matches($@"total received \(msat\){Sep}7,000,000", result.Stdout);
        Assert.Matches($@"closing txid{Sep}-", result.Stdout);
    }

    [Fact]
    public async Task Getchannel_by_meter_sends_the_meter_only()
    {
        var result = await daemon.RunAsync("getchannel", "--meter", MeterB, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var request = Assert.IsType<GetChannelRequest>(daemon.Service.Last?.Request);
        Assert.Equal("", request.ChannelId);
        Assert.Equal(MeterB, request.MeterNodeId);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("CHANNEL_STATE_OPENING", json.RootElement.GetProperty("state").GetString());

        // Every scalar field is present, even at its default: a script can rely on the keys.
        Assert.Equal("0", json.RootElement.GetProperty("local_balance_msat").GetString());
        Assert.False(json.RootElement.GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task Getbalancesheet_prints_the_totals()
    {
        var table = await daemon.RunAsync("getbalancesheet");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches($@"settled on chain \(sat\){Sep}150,000", table.Stdout);
        Assert.Matches($@"open channels{Sep}2", table.Stdout);

        var json = await daemon.RunAsync("getbalancesheet", "--json");
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal("600000000", document.RootElement.GetProperty("meters_in_channels_msat").GetString());
    }
}
