using System.Collections.Concurrent;
using Microchannels.Bitcoin;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Support;

namespace Microchannels.Settlement.Tests.Rpc;

/// <summary>
/// The Polly policy (DESIGN.md decision 7): transient faults are retried with
/// bounded, growing waits inside a total timeout; a request that bitcoind may
/// have executed is repeated only when repeating it is harmless.
/// </summary>
public sealed class RetryTests
{
    private const string SomeAddress = "bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3";

    [Fact]
    public async Task Work_queue_depth_exceeded_is_retried_until_bitcoind_answers()
    {
        var busy = FakeReply.Plain(503, "Work queue depth exceeded");
        using var fake = FakeBitcoind.Start(busy, busy, FakeReply.Recorded(RecordedReplies.GetBlockCount));
        var notices = new ConcurrentQueue<BitcoindRetryNotice>();
        using var client = fake.Client(o => o with { OnRetry = notices.Enqueue });

        Assert.Equal(102, await client.GetBlockCountAsync());

        Assert.Equal(3, fake.Requests.Count);
        Assert.Equal([1, 2], notices.Select(n => n.Attempt));
        Assert.All(notices, n => Assert.IsType<BitcoindUnavailableException>(n.Fault));
        Assert.All(notices, n => Assert.Equal("getblockcount", n.Method));
    }

    [Fact]
    public async Task Warmup_minus_28_is_retried_until_the_node_has_loaded()
    {
        var warmup = FakeReply.Error(RpcErrorCode.InWarmup, "Loading block index…");
        using var fake = FakeBitcoind.Start(warmup, warmup, FakeReply.Recorded(RecordedReplies.GetBlockCount));
        using var client = fake.Client();

        Assert.Equal(102, await client.GetBlockCountAsync());
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task Warmup_that_outlasts_the_retries_surfaces_as_rpc_error_minus_28()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Error(RpcErrorCode.InWarmup, "Verifying blocks…"));
        using var client = fake.Client();

        var e = await Assert.ThrowsAsync<BitcoindRpcException>(() => client.GetBlockCountAsync());

        Assert.Equal(RpcErrorCode.InWarmup, e.Code);
        Assert.Equal(4, fake.Requests.Count);
    }

    [Fact]
    public async Task A_5xx_without_a_json_rpc_body_is_retried_for_a_read()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Plain(500, string.Empty), FakeReply.Plain(502, "Bad Gateway"), FakeReply.Recorded(RecordedReplies.GetBlockCount));
        using var client = fake.Client();

        Assert.Equal(102, await client.GetBlockCountAsync());
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_for_a_read()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Dropped(), FakeReply.Recorded(RecordedReplies.GetBlockCount));
        using var client = fake.Client();

        Assert.Equal(102, await client.GetBlockCountAsync());
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task A_dropped_connection_after_sendtoaddress_is_not_retried_so_coins_are_never_sent_twice()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Dropped(), FakeReply.Recorded(RecordedReplies.SendToAddress));
        using var client = fake.Client();

        await Assert.ThrowsAsync<BitcoindUnavailableException>(() => client.SendToAddressAsync(SomeAddress, new Satoshis(10_000_000)));
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task A_5xx_without_a_body_after_sendtoaddress_is_not_retried()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Plain(502, "Bad Gateway"), FakeReply.Recorded(RecordedReplies.SendToAddress));
        using var client = fake.Client();

        await Assert.ThrowsAsync<BitcoindUnavailableException>(() => client.SendToAddressAsync(SomeAddress, new Satoshis(10_000_000)));
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task A_503_before_sendtoaddress_ran_is_retried()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Plain(503, "Work queue depth exceeded"), FakeReply.Recorded(RecordedReplies.SendToAddress));
        using var client = fake.Client();

        await client.SendToAddressAsync(SomeAddress, new Satoshis(10_000_000));
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task Persistent_503_gives_up_after_max_retries_plus_one_requests()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Plain(503, "Work queue depth exceeded"));
        using var client = fake.Client(o => o with { MaxRetries = 2 });

        var e = await Assert.ThrowsAsync<BitcoindUnavailableException>(() => client.GetBlockCountAsync());

        Assert.Equal(3, fake.Requests.Count);
        Assert.Equal(3, e.Attempts);
        Assert.Contains("Work queue depth exceeded", e.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)] // a hang guard only: a broken timeout would wait for an answer that never comes
    public async Task The_total_timeout_bounds_a_call_that_gets_no_answer()
    {
        // The only reply is withheld until the call has failed, so the call can only end
        // through its own total timeout; no clock is read here.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var fake = FakeBitcoind.Start(new FakeReply(200, RecordedReplies.GetBlockCount, Hold: release.Task));
        try
        {
            using var client = fake.Client(o => o with { Timeout = TimeSpan.FromMilliseconds(300) });

            var e = await Assert.ThrowsAsync<BitcoindUnavailableException>(() => client.GetBlockCountAsync());

            Assert.False(release.Task.IsCompleted);
            Assert.Contains("did not answer getblockcount within 0.3 s", e.Message, StringComparison.Ordinal);
            Assert.Single(fake.Requests);
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task A_missing_cookie_file_is_waited_for_then_reported_with_its_path()
    {
        using var temp = new TempDirectory();
        using var fake = FakeBitcoind.Start(FakeReply.Recorded(RecordedReplies.GetBlockCount));
        var options = new BitcoindRpcOptions(fake.Endpoint, BitcoindCredentials.FromDataDirectory(temp.Path))
        {
            MaxRetries = 2,
            BaseDelay = TimeSpan.FromMilliseconds(1),
        };
        using var client = new BitcoindRpcClient(options);

        var e = await Assert.ThrowsAsync<BitcoindUnavailableException>(() => client.GetBlockCountAsync());

        Assert.Equal(3, e.Attempts);
        Assert.Contains(Path.Combine(temp.Path, "regtest", ".cookie"), e.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
    }

    [Theory]
    [InlineData(5, 3, 1, 5)]
    [InlineData(30_000, -1, 1, 5)]
    [InlineData(30_000, 1001, 1, 5)]
    [InlineData(30_000, 3, -1, 5)]
    [InlineData(30_000, 3, 10, 5)]
    public void Options_the_policy_cannot_honour_are_refused(int timeoutMs, int retries, int baseMs, int maxMs)
    {
        var options = new BitcoindRpcOptions(new Uri("http://127.0.0.1:1/"), BitcoindCredentials.FromUserPassword("a", "b"))
        {
            Timeout = TimeSpan.FromMilliseconds(timeoutMs),
            MaxRetries = retries,
            BaseDelay = TimeSpan.FromMilliseconds(baseMs),
            MaxDelay = TimeSpan.FromMilliseconds(maxMs),
        };

        Assert.Throws<ArgumentOutOfRangeException>(() => new BitcoindRpcClient(options));
    }

    [Fact]
    public void A_relative_or_non_http_endpoint_is_refused()
    {
        var credentials = BitcoindCredentials.FromUserPassword("a", "b");

        Assert.Throws<ArgumentException>(() => new BitcoindRpcClient(new BitcoindRpcOptions(new Uri("/rpc", UriKind.Relative), credentials)));
        Assert.Throws<ArgumentException>(() => new BitcoindRpcClient(new BitcoindRpcOptions(new Uri("ftp://127.0.0.1/"), credentials)));
    }
}
