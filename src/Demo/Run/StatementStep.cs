using System.Diagnostics;
using Microchannels.Demo.Processes;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Demo.Run;

/// <summary>
/// The billing statement of each channel (issue 12, docs/STATEMENTS.md): fetched with the
/// provider API's GetStatement over every reading the channel carried, at the provider's own
/// tariff, written to a file and checked by <c>mcli verify-statement</c> (reading signatures,
/// hash chain, Merkle root, totals, money = energy x tariff, the provider's signature; the
/// meter's countersignature is not yet exchanged by the daemons, and the line says so). Its money must
/// also be what the channel paid.
/// </summary>
internal sealed class StatementStep(ProviderDaemon provider, string runDirectory)
{
    public async Task<ChannelOutcome> AddAsync(ChannelOutcome outcome, CancellationToken cancellationToken)
    {
        Statement statement;
        try
        {
            statement = await provider.Client.GetStatementAsync(
                new GetStatementRequest
                {
                    ChannelId = outcome.ChannelId,

                    // Every reading: from the epoch to a day from now, by the meter's clock.
                    PeriodStart = 0,
                    PeriodEnd = (ulong)DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds(),
                },
                provider.Connection.Unary(cancellationToken)).ConfigureAwait(false);
        }
        catch (Grpc.Core.RpcException e)
        {
            return outcome with { Statement = $"statement: GetStatement failed: {e.Status.Detail}", Problems = [.. outcome.Problems, $"GetStatement failed: {e.Status.Detail}"] };
        }

        string folder = Path.Combine(runDirectory, "statements");
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, $"{outcome.Meter.Replace(' ', '-')}.json");
        await File.WriteAllTextAsync(file, statement.Json, cancellationToken).ConfigureAwait(false);
        var (code, said) = await VerifyAsync(file, cancellationToken).ConfigureAwait(false);
        var problems = outcome.Problems.ToList();
        if (code != 0)
        {
            problems.Add($"mcli verify-statement exited {code}: {said}");
        }

        if (statement.AmountMsat != outcome.ReceivedMsat)
        {
            problems.Add($"the statement's money is {statement.AmountMsat} msat, the channel received {outcome.ReceivedMsat} msat");
        }

        string signers = statement.MeterSignature.Length > 0 ? "signed by the provider and the meter" : "signed by the provider only (the meter's countersignature is not exchanged by the daemons yet)";
        string line = FormattableString.Invariant(
            $"statement {statement.ReadingCount} readings, {statement.ImportWh:#,0} Wh x {statement.TariffMsatPerWh:#,0} msat/Wh = {statement.AmountMsat:#,0} msat, root {statement.Root[..16]}..., {signers}; mcli verify-statement: {(code == 0 ? "verified" : "FAILED")} ({said})");
        return outcome with { Statement = line, StatementVerified = code == 0, Problems = problems };
    }

    /// <summary>Runs <c>mcli verify-statement FILE</c> as a user would; its exit code and its words.</summary>
    private static async Task<(int Code, string Output)> VerifyAsync(string file, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // --provider-signed: the daemons do not yet exchange statement_signature (issue 12), so the
        // meter's countersignature is absent; every other check runs, and the output says so.
        foreach (string argument in new[] { "exec", Repository.McliDll, "verify-statement", "--provider-signed", file })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new DemoFailedException("mcli did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        string said = string.Join(" ", ((await stdout.ConfigureAwait(false)) + " " + (await stderr.ConfigureAwait(false))).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return (process.ExitCode, said);
    }
}
