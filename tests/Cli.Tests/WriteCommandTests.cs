using System.Text.Json;
using Microchannels.Cli.Tests.Harness;
using Microchannels.Provider.Api.V1;
using static Microchannels.Cli.Tests.Harness.FakeProviderService;
using static Microchannels.Cli.Tests.Harness.TableText;

namespace Microchannels.Cli.Tests;

/// <summary>The admin calls: what mcli sends for each option, and what it prints back.</summary>
[Collection(DaemonCollection.Name)]
public sealed class WriteCommandTests
{
    private readonly FakeDaemon daemon;

    public WriteCommandTests(FakeDaemon daemon)
    {
        this.daemon = daemon;
        daemon.Service.Reset();
    }

    [Fact]
    public async Task Closechannel_is_cooperative_at_the_given_feerates()
    {
        var result = await daemon.RunAsync("closechannel", ChannelA, "--feerate", "1000", "--max-feerate", "3000");

        Assert.True(result.ExitCode == 0, result.ToString());
        var request = Assert.IsType<CloseChannelRequest>(daemon.Service.Last?.Request);
        Assert.Equal(ChannelA, request.ChannelId);
        Assert.Equal(CloseChannelRequest.ModeOneofCase.Cooperative, request.ModeCase);
        Assert.Equal(1000u, request.Cooperative.TargetFeerateSatPerKw);
        Assert.Equal(3000u, request.Cooperative.MaxFeerateSatPerKw);
        Assert.False(request.WaitForTxid);
        Assert.Matches($@"state{Sep}shutting_down", result.Stdout);
        Assert.Contains("not known yet", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closechannel_force_by_meter_sends_the_reason_and_waits_for_the_txid()
    {
        var result = await daemon.RunAsync("closechannel", "--meter", MeterA, "--force", "--reason", "meter removed", "--wait", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var request = Assert.IsType<CloseChannelRequest>(daemon.Service.Last?.Request);
        Assert.Equal(MeterA, request.MeterNodeId);
        Assert.Equal("meter removed", request.Force.Reason);
        Assert.True(request.WaitForTxid);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("CHANNEL_STATE_FORCE_CLOSING", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(new string('f', 64), json.RootElement.GetProperty("closing_txid").GetString());
    }

    [Fact]
    public async Task Sendtransfer_sends_the_amount_and_a_cited_reading()
    {
        var result = await daemon.RunAsync(
            "sendtransfer", ChannelA, "--amount-msat", "5000",
            "--reading-wh", "12345", "--reading-pulses", "98765", "--reading-timestamp", "1796212800", "--reading-signature", new string('5', 128));

        Assert.True(result.ExitCode == 0, result.ToString());
        var request = Assert.IsType<SendTransferRequest>(daemon.Service.Last?.Request);
        Assert.Equal(5000, request.AmountMsat);
        Assert.Equal(12345ul, request.Reading.CumulativeWh);
        Assert.Equal(98765ul, request.Reading.PulseCount);
        Assert.Equal(1796212800ul, request.Reading.Timestamp);
        Assert.Equal(new string('5', 128), request.Reading.Signature);
        Assert.Matches($@"local balance before \(msat\){Sep}400,000,000", result.Stdout);
    }

    [Fact]
    public async Task Sendtransfer_without_a_reading_leaves_it_to_the_daemon()
    {
        var result = await daemon.RunAsync("sendtransfer", "--meter", MeterA, "--amount-msat", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        var request = Assert.IsType<SendTransferRequest>(daemon.Service.Last?.Request);
        Assert.Null(request.Reading);
        Assert.Equal(MeterA, request.MeterNodeId);
    }

    [Fact]
    public async Task Settariff_sends_the_time_of_use_table_and_gettariff_shows_it()
    {
        var set = await daemon.RunAsync(
            "settariff", "--base-msat-per-wh", "200", "--time-zone", "Europe/Berlin",
            "--period", "mon-fri 07:00-22:00 300 peak", "--period", "sat,sun 00:00-24:00 150 weekend rate");

        Assert.True(set.ExitCode == 0, set.ToString());
        var request = Assert.IsType<SetTariffRequest>(daemon.Service.Last?.Request);
        Assert.Equal(200, request.Tariff.BaseMsatPerWh);
        Assert.Equal("Europe/Berlin", request.Tariff.TimeZone);
        Assert.Equal(2, request.Tariff.Periods.Count);
        Assert.Equal(new TimeOfUsePeriod { DaysOfWeek = 0b011_1110, StartMinute = 420, EndMinute = 1320, MsatPerWh = 300, Label = "peak" }, request.Tariff.Periods[0]);
        Assert.Equal(new TimeOfUsePeriod { DaysOfWeek = 0b100_0001, StartMinute = 0, EndMinute = 1440, MsatPerWh = 150, Label = "weekend rate" }, request.Tariff.Periods[1]);

        var got = await daemon.RunAsync("gettariff");
        Assert.True(got.ExitCode == 0, got.ToString());
        Assert.Matches($@"time zone{Sep}Europe/Berlin", got.Stdout);
        Assert.Matches($@"mon-fri{Sep}07:00{Sep}22:00{Sep}300{Sep}peak", got.Stdout);
        Assert.Matches($@"sat,sun{Sep}00:00{Sep}24:00{Sep}150{Sep}weekend rate", got.Stdout);
    }

    [Fact]
    public async Task Settariff_reads_a_tariff_file_in_the_form_gettariff_json_prints()
    {
        await daemon.RunAsync("settariff", "--base-msat-per-wh", "180", "--period", "weekdays 06:00-09:00 400 morning");
        var got = await daemon.RunAsync("gettariff", "--json");
        using var json = JsonDocument.Parse(got.Stdout);
        string file = Path.Combine(daemon.DataDirectory.Path, "tariff.json");
        await File.WriteAllTextAsync(file, json.RootElement.GetProperty("tariff").GetRawText());

        var set = await daemon.RunAsync("settariff", "--meter", MeterB, "--tariff-file", file);

        Assert.True(set.ExitCode == 0, set.ToString());
        var request = Assert.IsType<SetTariffRequest>(daemon.Service.Last?.Request);
        Assert.Equal(MeterB, request.MeterNodeId);
        Assert.Equal(180, request.Tariff.BaseMsatPerWh);
        Assert.Equal(new TimeOfUsePeriod { DaysOfWeek = 0b011_1110, StartMinute = 360, EndMinute = 540, MsatPerWh = 400, Label = "morning" }, Assert.Single(request.Tariff.Periods));
        Assert.Matches($@"applies to{Sep}this meter only", set.Stdout);
    }

    [Fact]
    public async Task Settariff_clear_sends_no_tariff()
    {
        var result = await daemon.RunAsync("settariff", "--meter", MeterA, "--clear");

        Assert.True(result.ExitCode == 0, result.ToString());
        var request = Assert.IsType<SetTariffRequest>(daemon.Service.Last?.Request);
        Assert.True(request.Clear);
        Assert.Null(request.Tariff);
    }

    [Fact]
    public async Task Allowmeter_listmeters_removemeter_manage_the_allow_list()
    {
        var added = await daemon.RunAsync("allowmeter", MeterA, "--reading-key", "03" + new string('4', 64), "--label", "site 7");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Contains("added to the allow-list", added.Stdout, StringComparison.Ordinal);
        Assert.True((await daemon.RunAsync("allowmeter", MeterB)).ExitCode == 0);

        var listed = await daemon.RunAsync("listmeters", "--page-size", "1", "--all", "--json");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        using (var json = JsonDocument.Parse(listed.Stdout))
        {
            var meters = json.RootElement.GetProperty("meters").EnumerateArray().ToList();
            Assert.Equal([MeterA, MeterB], meters.Select(m => m.GetProperty("node_id").GetString()));
            Assert.Equal("site 7", meters[0].GetProperty("label").GetString());
        }

        var removed = await daemon.RunAsync("removemeter", MeterA);
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Matches($@"label{Sep}site 7", removed.Stdout);

        var table = await daemon.RunAsync("listmeters");
        Assert.Matches($@"{MeterB}{Sep}-{Sep}-", table.Stdout);
        Assert.DoesNotContain(MeterA, table.Stdout, StringComparison.Ordinal);
    }
}
