using System.Diagnostics;
using System.Text.Json;
using Microchannels.Cli.Tests.Harness;
using Microchannels.Provider.Api.V1;
using static Microchannels.Cli.Tests.Harness.FakeProviderService;

namespace Microchannels.Cli.Tests;

/// <summary>The two subscriptions: one line (or one JSON object) per item, printed as it arrives.</summary>
[Collection(DaemonCollection.Name)]
public sealed class StreamTests
{
    private readonly FakeDaemon daemon;

    public StreamTests(FakeDaemon daemon)
    {
        this.daemon = daemon;
        daemon.Service.Reset();
    }

    [Fact]
    public async Task Subscribetransfers_json_prints_one_object_per_line_from_the_sequence_given()
    {
        var result = await daemon.RunAsync("subscribetransfers", "--from-sequence", "3", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2ul, Assert.IsType<SubscribeTransfersRequest>(daemon.Service.Last?.Request).AfterSequence);
        var lines = result.Lines.Select(l => JsonDocument.Parse(l)).ToList();
        Assert.Equal(["3", "4", "5"], lines.Select(l => l.RootElement.GetProperty("sequence").GetString()));
        Assert.Equal("TRANSFER_DIRECTION_SENT", lines[1].RootElement.GetProperty("direction").GetString());
        Assert.Equal(new string('6', 128), lines[0].RootElement.GetProperty("reading").GetProperty("signature").GetString());
        lines.ForEach(l => l.Dispose());
    }

    [Fact]
    public async Task Subscribetransfers_resumes_after_the_last_sequence_and_filters_by_meter()
    {
        var result = await daemon.RunAsync("subscribetransfers", "--after-sequence", "1", "--meter", MeterA);

        Assert.True(result.ExitCode == 0, result.ToString());
        var request = Assert.IsType<SubscribeTransfersRequest>(daemon.Service.Last?.Request);
        Assert.Equal(1ul, request.AfterSequence);
        Assert.Equal(MeterA, request.MeterNodeId);
        Assert.Equal(2, result.Lines.Length);
        Assert.StartsWith("#3 2026-12-02 12:00:00Z received 3,000 msat channel=" + ChannelA, result.Lines[0], StringComparison.Ordinal);
        Assert.Contains("reading=\"1,005 Wh, 50 pulses at 2026-12-02 12:00:05Z\"", result.Lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribechannelevents_prints_each_event_kind()
    {
        var result = await daemon.RunAsync("subscribechannelevents");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, result.Lines.Length);
        Assert.Contains($"channel={ChannelB} meter={MeterB} state=opening opened capacity=500,000 sat funding={FundingTxid}:0", result.Lines[0], StringComparison.Ordinal);
        Assert.Contains("state=normal funding_confirmed", result.Lines[1], StringComparison.Ordinal);
        Assert.Contains("state=shutting_down closing kind=cooperative txid=- reason=\"operator request\"", result.Lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Limit_ends_an_open_stream_after_so_many_items()
    {
        daemon.Service.HoldStreams = true;

        var result = await daemon.RunAsync("subscribechannelevents", "--channel", ChannelB, "--limit", "2", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, result.Lines.Length);
        Assert.Equal(ChannelB, Assert.IsType<SubscribeChannelEventsRequest>(daemon.Service.Last?.Request).ChannelId);
    }

    [Fact]
    public async Task Items_are_printed_as_they_arrive_and_sigterm_ends_the_stream_cleanly()
    {
        daemon.Service.HoldStreams = true;
        using var process = Mcli.Start(["subscribetransfers", .. daemon.Connect]);

        // The stream stays open, so each line can only have come before its end.
        for (int sequence = 1; sequence <= 5; sequence++)
        {
            string? line = await process.StandardOutput.ReadLineAsync();
            Assert.StartsWith($"#{sequence} ", line, StringComparison.Ordinal);
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        string rest = await process.StandardOutput.ReadToEndAsync();
        string errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {rest}{errors}");
        Assert.Equal("", errors);
    }
}
