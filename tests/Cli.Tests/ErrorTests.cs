using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Microchannels.Cli.Tests.Harness;
using static Microchannels.Cli.Tests.Harness.FakeProviderService;

namespace Microchannels.Cli.Tests;

/// <summary>Every failure ends in one line on stderr saying what to do, and an exit code per class (docs/CLI.md).</summary>
[Collection(DaemonCollection.Name)]
public sealed class ErrorTests
{
    private readonly FakeDaemon daemon;

    public ErrorTests(FakeDaemon daemon)
    {
        this.daemon = daemon;
        daemon.Service.Reset();
    }

    [Theory]
    [InlineData(StatusCode.NotFound, 5, "mcli: not found: boom")]
    [InlineData(StatusCode.InvalidArgument, 6, "mcli: invalid argument: boom")]
    [InlineData(StatusCode.OutOfRange, 6, "mcli: invalid argument: boom")]
    [InlineData(StatusCode.FailedPrecondition, 7, "mcli: not possible now: boom")]
    [InlineData(StatusCode.Unavailable, 8, "mcli: the daemon at 127.0.0.1:{port} is unavailable for this call (boom): try again once it is synced to the chain")]
    [InlineData(StatusCode.ResourceExhausted, 9, "mcli: rate limited by the daemon (boom): wait a moment and try again")]
    [InlineData(StatusCode.Internal, 1, "mcli: the daemon failed (Internal: boom): see the daemon's log")]
    public async Task A_status_from_the_daemon_becomes_one_line_and_its_exit_code(StatusCode status, int exitCode, string message)
    {
        daemon.Service.NextFailure = new RpcException(new Status(status, "boom"));

        var result = await daemon.RunAsync("getbalancesheet");

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(message.Replace("{port}", daemon.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) + "\n", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task An_unknown_channel_is_not_found()
    {
        var result = await daemon.RunAsync("getchannel", new string('0', 64));

        Assert.Equal(5, result.ExitCode);
        Assert.Equal($"mcli: not found: no channel {new string('0', 64)}: list the channels with ListChannels\n", result.Stderr);
    }

    [Fact]
    public async Task A_zero_amount_reaches_the_daemon_and_is_an_invalid_argument()
    {
        var result = await daemon.RunAsync("sendtransfer", ChannelA, "--amount-msat", "0");

        Assert.Equal(6, result.ExitCode);
        Assert.Equal("mcli: invalid argument: amount_msat 0 must be at least 1\n", result.Stderr);
    }

    [Fact]
    public async Task Closing_a_closed_channel_is_a_failed_precondition()
    {
        var result = await daemon.RunAsync("closechannel", ChannelC, "--force");

        Assert.Equal(7, result.ExitCode);
        Assert.Equal($"mcli: not possible now: channel {ChannelC} is already closed: nothing to close\n", result.Stderr);
    }

    [Fact]
    public async Task No_answer_within_the_timeout_is_a_deadline_to_try_again()
    {
        daemon.Service.StallNextCall = true;

        var result = await daemon.RunAsync("getinfo", "--timeout", "1");

        Assert.Equal(9, result.ExitCode);
        Assert.StartsWith($"mcli: no answer from 127.0.0.1:{daemon.Port} within 1 s", result.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("pass a longer --timeout, or check the daemon's log\n", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_refused_says_no_daemon_runs_there()
    {
        int port = ClosedPort();

        var result = await Mcli.RunAsync("getinfo", "--rpcserver", $"127.0.0.1:{port}", "--datadir", daemon.DataDirectory.Path);

        Assert.Equal(8, result.ExitCode);
        Assert.Equal(
            $"mcli: no daemon is running at 127.0.0.1:{port} (connection refused): start the provider daemon, or pass --rpcserver with its API address\n",
            result.Stderr);
    }

    [Fact]
    public async Task Another_daemons_certificate_is_refused_even_for_localhost()
    {
        string other = Directory.CreateTempSubdirectory("mcli-other-").FullName;
        try
        {
            File.Copy(Path.Combine(daemon.DataDirectory.Path, "admin.token"), Path.Combine(other, "admin.token"));
            TestDataDirectory.WriteForeignCertificate(other);

            var result = await Mcli.RunAsync("getinfo", "--rpcserver", $"localhost:{daemon.Port}", "--datadir", other);

            Assert.Equal(3, result.ExitCode);
            Assert.Equal(
                $"mcli: the daemon at localhost:{daemon.Port} presented a TLS certificate that does not match {Path.Combine(other, "tls.cert")}: pass --tlscert with that daemon's tls.cert (or --datadir of that daemon)\n",
                result.Stderr);
            Assert.Null(daemon.Service.LastAuthorization);
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public async Task Tls_to_a_cleartext_daemon_suggests_no_tls()
    {
        var result = await Mcli.RunAsync("getinfo", "--rpcserver", $"127.0.0.1:{daemon.CleartextPort}", "--datadir", daemon.DataDirectory.Path);

        Assert.Equal(8, result.ExitCode);
        string line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"mcli: no TLS connection to 127.0.0.1:{daemon.CleartextPort} (", line, StringComparison.Ordinal);
        Assert.EndsWith("if the daemon serves cleartext on loopback (Api:Insecure), pass --no-tls", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_daemons_certificate_is_trusted_through_tlscert_alone()
    {
        string other = Directory.CreateTempSubdirectory("mcli-other-").FullName;
        try
        {
            TestDataDirectory.WriteForeignCertificate(other);
            string[] connect = ["--rpcserver", $"localhost:{daemon.Port}", "--datadir", other];

            var result = await Mcli.RunAsync([
                "getinfo", .. connect,
                "--tlscert", Path.Combine(daemon.DataDirectory.Path, "tls.cert"),
                "--token-file", Path.Combine(daemon.DataDirectory.Path, "admin.token")]);

            Assert.True(result.ExitCode == 0, result.ToString());
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Theory]
    [InlineData("mcli: Unrecognized command or argument '--bogus'.", "getinfo", "--bogus")]
    [InlineData("mcli: getchannel needs either a channel id or --meter <node id>, not neither", "getchannel")]
    [InlineData("mcli: --feerate and --max-feerate are for a cooperative close; a force close broadcasts the commitment at its own feerate", "closechannel", "--meter", "02", "--force", "--feerate", "300")]
    [InlineData("mcli: --period 'mon-fri 22:00-06:00 100': the end must be after the start (a period over midnight is written as two periods, e.g. 22:00-24:00 and 00:00-06:00); write DAYS HH:MM-HH:MM MSAT_PER_WH [LABEL], e.g. \"mon-fri 07:00-22:00 300 peak\"", "settariff", "--base-msat-per-wh", "1", "--period", "mon-fri 22:00-06:00 100")]
    [InlineData("mcli: 'funday' is not a set of days: use mon..sun, ranges such as mon-fri, commas (sat,sun), weekdays, weekends or all", "settariff", "--base-msat-per-wh", "1", "--period", "funday 01:00-02:00 100")]
    [InlineData("mcli: --no-tls sends the token unencrypted, so it is allowed only to a loopback address, not 192.0.2.7:10009", "getinfo", "--no-tls", "--rpcserver", "192.0.2.7:10009")]
    [InlineData("mcli: --rpcserver 'localhost:99999': the port must be a number from 1 to 65535", "getinfo", "--rpcserver", "localhost:99999")]
    [InlineData("mcli: --after-sequence and --from-sequence both say where to start: give one", "subscribetransfers", "--after-sequence", "1", "--from-sequence", "2")]
    [InlineData("mcli: --state 'open' is not a channel state: use one of opening, normal, shutting_down, mutual_close, force_closing, waiting_for_remote_close, closing_on_chain, closed", "listchannels", "--state", "open")]
    public async Task A_wrong_command_line_is_a_usage_error_before_any_file_is_read(string message, params string[] args)
    {
        var result = await Mcli.RunAsync([.. args, "--datadir", "/nonexistent/mcli"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(message, result.Stderr.Split('\n')[0]);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
