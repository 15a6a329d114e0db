using System.CommandLine;
using Microchannels.Channels.Billing.Merkle.Errors;
using Microchannels.Channels.Billing.Statements;
using Microchannels.Channels.Billing.Statements.Errors;
using Microchannels.Cli.Errors;

namespace Microchannels.Cli.Commands;

/// <summary>
/// mcli verify-statement: checks statement files offline, no daemon needed (docs/STATEMENTS.md
/// "Verifying"): every reading's meter signature and binding, the hash chain of readings, the
/// Merkle root, the totals, money = energy × tariff, and both node signatures; several files
/// must also follow one another. The first failure is one line naming what is wrong, and exit
/// code 10 (<see cref="ExitCode.StatementInvalid"/>).
/// </summary>
public static class VerifyStatementCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var files = new Argument<FileInfo[]>("file")
        {
            Description = "Statement files (JSON, docs/STATEMENTS.md); several are checked as consecutive statements of one channel",
            Arity = ArgumentArity.OneOrMore,
        };
        var providerSigned = new Option<bool>("--provider-signed")
        {
            Description = "Accept a statement the meter has not countersigned (empty meter_signature); every other check still runs, a meter signature that is present is still checked, and the output names what was absent",
        };
        var command = new Command("verify-statement", "Verify billing statement files: signatures, reading chain, Merkle root, totals, tariff") { files, providerSigned };
        command.SetAction(async (parse, cancellation) =>
        {
            var failure = await VerifyAsync(parse.GetValue(files) ?? [], !parse.GetValue(providerSigned), output, cancellation).ConfigureAwait(false);
            if (failure is null)
            {
                return (int)ExitCode.Success;
            }

            await error.WriteLineAsync("mcli: " + failure.Message).ConfigureAwait(false);
            return (int)failure.ExitCode;
        });
        return command;
    }

    private static async Task<Failure?> VerifyAsync(FileInfo[] files, bool requireMeterSignature, TextWriter output, CancellationToken cancellation)
    {
        var statements = new List<BillingStatement>();
        foreach (var file in files)
        {
            string text;
            try
            {
                text = await File.ReadAllTextAsync(file.FullName, cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new Failure($"cannot read {file.FullName}: {e.Message}", ExitCode.Configuration);
            }

            try
            {
                var statement = StatementJson.Read(text);
                StatementVerifier.Verify(statement, requireMeterSignature: requireMeterSignature);
                statements.Add(statement);
            }
            catch (Exception e) when (e is StatementException or MerkleProofException)
            {
                return new Failure($"{file.Name} does not verify: {e.Message}", ExitCode.StatementInvalid);
            }
        }

        if (statements.Count > 1)
        {
            try
            {
                // Each was checked above; only how they follow one another is left.
                StatementVerifier.VerifySequence(statements, checkReadingSignatures: false, requireMeterSignature);
            }
            catch (Exception e) when (e is StatementException or MerkleProofException)
            {
                return new Failure($"the statements do not follow one another: {e.Message}", ExitCode.StatementInvalid);
            }
        }

        foreach (var (file, statement) in files.Zip(statements))
        {
            await output.WriteLineAsync(
                $"{file.Name}: verified: channel {statement.ChannelId.ToHex()}, period {Output.Show.Seconds(statement.PeriodStart)} to {Output.Show.Seconds(statement.PeriodEnd)}, "
                + $"{statement.Readings.Count} reading(s), tree size {statement.TreeSize}, root {statement.Root.ToHex()}, "
                + $"{statement.Totals.ImportWh} Wh imported, {statement.Totals.ExportWh} Wh exported, {statement.Totals.AmountMsat.Value} msat at {statement.TariffMsatPerWh} msat/Wh, {Signers(statement)}").ConfigureAwait(false);
        }

        return null;
    }

    private static string Signers(BillingStatement statement) =>
        statement.MeterSignature is null ? "signed by provider; the meter's countersignature is absent (accepted with --provider-signed)" : "signed by provider and meter";
}
