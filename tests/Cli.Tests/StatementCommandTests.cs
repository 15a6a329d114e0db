using System.Text.Json;
using System.Text.Json.Nodes;
using Microchannels.Channels.Billing.Statements;
using Microchannels.Cli.Tests.Harness;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Tests;

/// <summary>getstatement writes a statement file; verify-statement checks one offline and names what is wrong.</summary>
[Collection(DaemonCollection.Name)]
public sealed class StatementCommandTests : IDisposable
{
    private const int StatementInvalid = 10;
    private readonly FakeDaemon daemon;
    private readonly string folder = Directory.CreateTempSubdirectory("mcli-statement-").FullName;

    public StatementCommandTests(FakeDaemon daemon)
    {
        this.daemon = daemon;
        daemon.Service.Reset();
    }

    [Fact]
    public async Task Getstatement_writes_the_file_and_verify_statement_accepts_it()
    {
        string file = Path.Combine(folder, "statement.json");
        var got = await daemon.RunAsync("getstatement", FakeProviderService.ChannelA, "--from", "100", "--to", "3700", "--out", file);

        Assert.True(got.ExitCode == 0, got.ToString());
        var request = Assert.IsType<GetStatementRequest>(daemon.Service.Last!.Value.Request);
        Assert.Equal((FakeProviderService.ChannelA, 100UL, 3700UL), (request.ChannelId, request.PeriodStart, request.PeriodEnd));
        Assert.Contains("statement file written to", got.Stdout, StringComparison.Ordinal);

        var verified = await Mcli.RunAsync("verify-statement", file);

        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Contains("verified", verified.Stdout, StringComparison.Ordinal);
        Assert.Contains("10 reading(s)", verified.Stdout, StringComparison.Ordinal);
        Assert.Equal("", verified.Stderr);
    }

    [Fact]
    public async Task Getstatement_needs_a_period_that_ends_after_it_starts()
    {
        var result = await daemon.RunAsync("getstatement", FakeProviderService.ChannelA, "--from", "100", "--to", "100");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--to must be above --from", result.Stderr, StringComparison.Ordinal);
        Assert.Null(daemon.Service.Last);
    }

    [Fact]
    public async Task A_tampered_reading_is_named()
    {
        var json = Parse(StatementSample.Build());
        var readings = json["readings"]!.AsArray();
        string hex = readings[3]!.GetValue<string>();
        readings[3] = hex[..^2] + (hex[^2..] == "00" ? "01" : "00");

        var result = await VerifyAsync(json);

        Assert.Equal(StatementInvalid, result.ExitCode);
        Assert.Contains("Reading 3", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dropped_reading_breaks_the_chain()
    {
        var json = Parse(StatementSample.Build());
        json["readings"]!.AsArray().RemoveAt(4);
        json["tree_size"] = 9;

        var result = await VerifyAsync(json);

        Assert.Equal(StatementInvalid, result.ExitCode);
        Assert.Contains("Reading 4 does not follow the reading before it", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("omitted", result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Money_that_is_not_energy_times_tariff_is_named()
    {
        var json = Parse(StatementSample.Build());
        json["tariff_msat_per_wh"] = StatementSample.Tariff + 1;

        var result = await VerifyAsync(json);

        Assert.Equal(StatementInvalid, result.ExitCode);
        Assert.Contains($"at {StatementSample.Tariff + 1} msat/Wh is not the", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_root_is_named()
    {
        var json = Parse(StatementSample.Build());
        json["root"] = new string('0', 64);

        var result = await VerifyAsync(json);

        Assert.Equal(StatementInvalid, result.ExitCode);
        Assert.Contains("The readings hash to root", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_statement_the_meter_has_not_signed_is_refused()
    {
        var result = await VerifyAsync(Parse(StatementSample.Build(meterSigns: false)));

        Assert.Equal(StatementInvalid, result.ExitCode);
        Assert.Contains("The meter's signature over the statement is missing or invalid", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provider_signed_accepts_an_absent_meter_signature_and_says_so()
    {
        var result = await VerifyAsync(Parse(StatementSample.Build(meterSigns: false)), "--provider-signed");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("the meter's countersignature is absent", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provider_signed_still_refuses_a_wrong_meter_signature_and_every_other_fault()
    {
        var forged = Parse(StatementSample.Build());
        forged["meter_signature"] = forged["provider_signature"]!.GetValue<string>();
        var tampered = Parse(StatementSample.Build(meterSigns: false));
        tampered["root"] = new string('0', 64);

        var wrongSignature = await VerifyAsync(forged, "--provider-signed");
        var wrongRoot = await VerifyAsync(tampered, "--provider-signed");

        Assert.Equal(StatementInvalid, wrongSignature.ExitCode);
        Assert.Contains("The meter's signature over the statement is missing or invalid", wrongSignature.Stderr, StringComparison.Ordinal);
        Assert.Equal(StatementInvalid, wrongRoot.ExitCode);
        Assert.Contains("The readings hash to root", wrongRoot.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_by_another_key_is_refused()
    {
        var json = Parse(StatementSample.Build());
        json["provider_signature"] = json["meter_signature"]!.GetValue<string>();

        var result = await VerifyAsync(json);

        Assert.Equal(StatementInvalid, result.ExitCode);
        Assert.Contains("The provider's signature over the statement is missing or invalid", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_statement_is_refused()
    {
        string file = Path.Combine(folder, "not.json");
        await File.WriteAllTextAsync(file, "{\"version\": 1}");

        var result = await Mcli.RunAsync("verify-statement", file);

        Assert.Equal(StatementInvalid, result.ExitCode);
        Assert.Contains("not.json does not verify", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_a_configuration_error()
    {
        var result = await Mcli.RunAsync("verify-statement", Path.Combine(folder, "absent.json"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("cannot read", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static JsonObject Parse(BillingStatement statement) => JsonNode.Parse(StatementJson.Write(statement))!.AsObject();

    private async Task<McliResult> VerifyAsync(JsonObject json, params string[] options)
    {
        string file = Path.Combine(folder, $"{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return await Mcli.RunAsync(["verify-statement", .. options, file]);
    }
}
