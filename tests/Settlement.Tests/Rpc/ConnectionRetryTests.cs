using System.Collections.Concurrent;
using Microchannels.Bitcoin;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Support;

namespace Microchannels.Settlement.Tests.Rpc;

/// <summary>
/// A node that does not listen (yet): connection refused is retried with waits
/// that grow from the base delay up to the cap, at most MaxRetries times, even
/// for calls that must not run twice, because nothing reached bitcoind.
/// </summary>
public sealed class ConnectionRetryTests
{
    private const string SomeAddress = "bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3";

    [Fact]
    public async Task Connection_refused_is_retried_then_reported_as_unavailable_after_the_bound()
    {
        var notices = new ConcurrentQueue<BitcoindRetryNotice>();
        using var client = ClientForNothing(o => o with { MaxRetries = 3, OnRetry = notices.Enqueue });

        var e = await Assert.ThrowsAsync<BitcoindUnavailableException>(() => client.GetBlockCountAsync());

        Assert.Equal(4, e.Attempts);
        Assert.Equal(3, notices.Count);
        Assert.Equal("getblockcount", e.Method);
        Assert.Contains("Gave up after 4 attempts", e.Message, StringComparison.Ordinal);
        Assert.Contains("cannot connect", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_refused_while_the_node_starts_is_retried_until_it_listens()
    {
        int port = Settlement.Regtest.FreeLoopbackPort.Pick();
        var options = new BitcoindRpcOptions(new Uri($"http://127.0.0.1:{port}/"), BitcoindCredentials.FromUserPassword("alice", "secret"))
        {
            MaxRetries = 100,
            UseJitter = false,
            BaseDelay = TimeSpan.FromMilliseconds(20),
            MaxDelay = TimeSpan.FromMilliseconds(20),
        };
        var notices = new ConcurrentQueue<BitcoindRetryNotice>();
        using var client = new BitcoindRpcClient(options with { OnRetry = notices.Enqueue });

        Task<int> call = client.GetBlockCountAsync();
        while (notices.Count < 3 && !call.IsCompleted)
        {
            await Task.Delay(10);
        }

        using var fake = FakeBitcoind.StartOn(port, FakeReply.Recorded(RecordedReplies.GetBlockCount));

        Assert.Equal(102, await call);
        Assert.Single(fake.Requests);
        Assert.All(notices, n => Assert.Contains("cannot connect", n.Fault.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connection_refused_is_retried_even_for_sendtoaddress_because_nothing_was_sent()
    {
        var notices = new ConcurrentQueue<BitcoindRetryNotice>();
        using var client = ClientForNothing(o => o with { MaxRetries = 2, OnRetry = notices.Enqueue });

        var e = await Assert.ThrowsAsync<BitcoindUnavailableException>(() => client.SendToAddressAsync(SomeAddress, new Satoshis(1)));

        Assert.Equal(3, e.Attempts);
        Assert.Equal(2, notices.Count);
    }

    [Fact]
    public async Task Zero_retries_makes_exactly_one_attempt()
    {
        using var client = ClientForNothing(o => o with { MaxRetries = 0 });

        var e = await Assert.ThrowsAsync<BitcoindUnavailableException>(() => client.GetBlockCountAsync());

        Assert.Equal(1, e.Attempts);
    }

    [Fact]
    public async Task Without_jitter_the_waits_double_from_the_base_delay_up_to_the_cap()
    {
        var notices = new ConcurrentQueue<BitcoindRetryNotice>();
        using var client = ClientForNothing(o => o with
        {
            MaxRetries = 4,
            UseJitter = false,
            BaseDelay = TimeSpan.FromMilliseconds(10),
            MaxDelay = TimeSpan.FromMilliseconds(40),
            OnRetry = notices.Enqueue,
        });

        await Assert.ThrowsAsync<BitcoindUnavailableException>(() => client.GetBlockCountAsync());

        Assert.Equal([10.0, 20.0, 40.0, 40.0], notices.Select(n => n.Delay.TotalMilliseconds));
        Assert.Equal([1, 2, 3, 4], notices.Select(n => n.Attempt));
    }

    [Fact]
    public async Task With_jitter_every_wait_is_positive_and_within_the_cap()
    {
        var notices = new ConcurrentQueue<BitcoindRetryNotice>();
        using var client = ClientForNothing(o => o with
        {
            MaxRetries = 8,
            BaseDelay = TimeSpan.FromMilliseconds(2),
            MaxDelay = TimeSpan.FromMilliseconds(20),
            OnRetry = notices.Enqueue,
        });

        await Assert.ThrowsAsync<BitcoindUnavailableException>(() => client.GetBlockCountAsync());

        Assert.Equal(8, notices.Count);
        Assert.All(notices, n => Assert.InRange(n.Delay, TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_turned_into_a_bitcoind_fault()
    {
        using var client = ClientForNothing(o => o with { MaxRetries = 50, BaseDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(50) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetBlockCountAsync(cancel.Token));
    }

    /// <summary>A client for a loopback port nothing listens on: every connection is refused.</summary>
    private static BitcoindRpcClient ClientForNothing(Func<BitcoindRpcOptions, BitcoindRpcOptions> configure)
    {
        int port = Settlement.Regtest.FreeLoopbackPort.Pick();
        var options = new BitcoindRpcOptions(new Uri($"http://127.0.0.1:{port}/"), BitcoindCredentials.FromUserPassword("alice", "secret"))
        {
            BaseDelay = TimeSpan.FromMilliseconds(1),
            MaxDelay = TimeSpan.FromMilliseconds(5),
        };
        return new BitcoindRpcClient(configure(options));
    }
}
