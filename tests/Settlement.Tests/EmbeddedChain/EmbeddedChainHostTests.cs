using System.Net;
using System.Net.Sockets;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.EmbeddedChain.Hosting;
using Microchannels.Settlement.Regtest;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Support;

namespace Microchannels.Settlement.Tests.EmbeddedChain;

/// <summary>The embedded chain as a server: bitcoind's authentication, its cookie, its data directory across restarts.</summary>
public sealed class EmbeddedChainHostTests
{
    [Fact]
    public async Task A_restart_on_the_same_data_directory_keeps_the_chain_the_wallet_and_the_invalidated_blocks()
    {
        using var directory = new TempDirectory();
        using var key = new TestKey();
        BlockHash best;
        OutPoint funded;
        Satoshis balance;
        await using (EmbeddedChainHost first = EmbeddedChainHost.Start(new EmbeddedChainOptions { DataDirectory = directory.Path }))
        {
            using BitcoindRpcClient root = Client(first);
            await root.CreateWalletAsync("w");
            funded = await RegtestFunding.FundAddressAsync(root, key.Address, new Satoshis(70_000_000));
            BlockHash stale = (await RegtestFunding.MineAsync(root, 1))[0];
            await root.CallAsync("invalidateblock", false, CancellationToken.None, stale.ToString());
            best = await root.GetBestBlockHashAsync();
            balance = await root.GetBalanceAsync();
        }

        await using EmbeddedChainHost second = EmbeddedChainHost.Start(new EmbeddedChainOptions { DataDirectory = directory.Path });
        using BitcoindRpcClient again = Client(second);

        Assert.Equal(best, await again.GetBestBlockHashAsync());
        Assert.Equal(balance, await again.GetBalanceAsync());
        Assert.Equal(new Satoshis(70_000_000), (await again.GetTxOutAsync(funded))!.Value);
        Assert.Equal(102, await again.GetBlockCountAsync());
    }

    [Fact]
    public async Task The_cookie_authenticates_other_credentials_are_refused_and_dispose_deletes_it_and_closes_the_port()
    {
        using var directory = new TempDirectory();
        EmbeddedChainHost host = EmbeddedChainHost.Start(new EmbeddedChainOptions { DataDirectory = directory.Path, Persist = false });
        string cookie = Path.Combine(directory.Path, "regtest", ".cookie");
        Assert.Equal(cookie, host.CookieFilePath);
        Assert.StartsWith("__cookie__:", await File.ReadAllTextAsync(cookie), StringComparison.Ordinal);
        using (BitcoindRpcClient good = Client(host))
        using (var wrong = new BitcoindRpcClient(new BitcoindRpcOptions(host.Endpoint, BitcoindCredentials.FromUserPassword("__cookie__", "guess")) { MaxRetries = 0 }))
        {
            Assert.Equal(0, await good.GetBlockCountAsync());
            var refused = await Assert.ThrowsAsync<BitcoindAuthenticationException>(() => wrong.GetBlockCountAsync());
            Assert.Equal(401, refused.HttpStatus);
        }

        int port = host.RpcPort;
        await host.DisposeAsync();

        Assert.False(File.Exists(cookie));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Assert.Throws<SocketException>(() => socket.Connect(IPAddress.Loopback, port));
    }

    [Fact]
    public async Task With_rpcuser_and_rpcpassword_there_is_no_cookie_and_only_that_pair_is_accepted()
    {
        using var directory = new TempDirectory();
        await using EmbeddedChainHost host = EmbeddedChainHost.Start(new EmbeddedChainOptions
        {
            DataDirectory = directory.Path,
            Persist = false,
            RpcUser = "meter",
            RpcPassword = "correct horse",
        });
        using var good = new BitcoindRpcClient(new BitcoindRpcOptions(host.Endpoint, BitcoindCredentials.FromUserPassword("meter", "correct horse")));
        using var wrong = new BitcoindRpcClient(new BitcoindRpcOptions(host.Endpoint, BitcoindCredentials.FromUserPassword("meter", "battery staple")) { MaxRetries = 0 });

        Assert.Null(host.CookieFilePath);
        Assert.False(File.Exists(Path.Combine(directory.Path, "regtest", ".cookie")));
        Assert.Equal("regtest", (await good.GetBlockchainInfoAsync()).Chain);
        await Assert.ThrowsAsync<BitcoindAuthenticationException>(() => wrong.GetBlockCountAsync());
    }

    [Fact]
    public async Task Its_answers_say_it_is_simulated_and_unknown_methods_and_wallets_get_bitcoinds_errors()
    {
        using var directory = new TempDirectory();
        await using EmbeddedChainHost host = EmbeddedChainHost.Start(new EmbeddedChainOptions { DataDirectory = directory.Path, Persist = false });
        using BitcoindRpcClient root = Client(host);

        Assert.Contains("simulated", (await root.GetNetworkInfoAsync()).Subversion, StringComparison.Ordinal);
        Assert.Contains(EmbeddedChainHost.Banner.Split(' ')[0], (await root.GetBlockchainInfoAsync()).Warnings[0], StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<BitcoindRpcException>(() => root.CallAsync("getmininginfo", true, CancellationToken.None));
        Assert.Equal((RpcErrorCode.MethodNotFound, 404), (unknown.Code, unknown.HttpStatus));
        var noWallet = await Assert.ThrowsAsync<BitcoindRpcException>(() => root.GetBalanceAsync());
        Assert.Equal(RpcErrorCode.WalletNotFound, noWallet.Code);
        await root.CreateWalletAsync("a");
        var twice = await Assert.ThrowsAsync<BitcoindRpcException>(() => root.CreateWalletAsync("a"));
        Assert.Equal(RpcErrorCode.WalletError, twice.Code);
        var outOfRange = await Assert.ThrowsAsync<BitcoindRpcException>(() => root.GetBlockHashAsync(5));
        Assert.Equal((RpcErrorCode.InvalidParameter, "Block height out of range"), (outOfRange.Code, outOfRange.RpcMessage));
    }

    [Fact]
    public async Task With_a_block_interval_it_mines_a_block_each_time_the_clock_passes_it()
    {
        using var directory = new TempDirectory();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        await using EmbeddedChainHost host = EmbeddedChainHost.Start(new EmbeddedChainOptions
        {
            DataDirectory = directory.Path,
            Persist = false,
            BlockInterval = TimeSpan.FromSeconds(30),
            Time = clock,
        });
        using BitcoindRpcClient root = Client(host);
        Assert.Equal(0, await root.GetBlockCountAsync());

        clock.Advance(TimeSpan.FromSeconds(30));
        await WaitForHeightAsync(root, 1);
        clock.Advance(TimeSpan.FromSeconds(30));
        await WaitForHeightAsync(root, 2);

        BlockInfo tip = await root.GetBlockAsync(await root.GetBestBlockHashAsync());
        Assert.Equal(1_800_000_060, tip.Time);
    }

    [Fact]
    public async Task Malformed_requests_get_bitcoinds_errors_and_change_nothing()
    {
        using var directory = new TempDirectory();
        await using EmbeddedChainHost host = EmbeddedChainHost.Start(new EmbeddedChainOptions { DataDirectory = directory.Path, Persist = false });
        using BitcoindRpcClient root = Client(host);

        var notHex = await Assert.ThrowsAsync<BitcoindRpcException>(() => root.CallAsync("sendrawtransaction", false, CancellationToken.None, "zz"));
        Assert.Equal(RpcErrorCode.DeserializationError, notHex.Code);
        var badHash = await Assert.ThrowsAsync<BitcoindRpcException>(() => root.CallAsync("getblock", true, CancellationToken.None, "00"));
        Assert.Equal(RpcErrorCode.InvalidParameter, badHash.Code);
        var wrongType = await Assert.ThrowsAsync<BitcoindRpcException>(() => root.CallAsync("generatetoaddress", false, CancellationToken.None, "ten", "bcrt1q"));
        Assert.Equal(RpcErrorCode.TypeError, wrongType.Code);
        var badAddress = await Assert.ThrowsAsync<BitcoindRpcException>(() => root.CallAsync("generatetoaddress", false, CancellationToken.None, 1, "not-an-address"));
        Assert.Equal(RpcErrorCode.InvalidAddressOrKey, badAddress.Code);
        var notAnArray = await Assert.ThrowsAsync<BitcoindRpcException>(() => root.CallAsync("testmempoolaccept", true, CancellationToken.None, "00", "01"));
        Assert.Equal(RpcErrorCode.TypeError, notAnArray.Code);
        var notTransactions = await Assert.ThrowsAsync<BitcoindRpcException>(() => root.CallAsync("testmempoolaccept", true, CancellationToken.None, (object)new[] { "00", "01" }));
        Assert.Equal(RpcErrorCode.DeserializationError, notTransactions.Code);

        Assert.Equal(0, await root.GetBlockCountAsync());
        Assert.Empty(await root.GetRawMempoolAsync());
    }

    private static async Task WaitForHeightAsync(BitcoindRpcClient rpc, int height)
    {
        // The timer fires on the thread pool once the fake clock passes it; poll until the block is there.
        for (int attempt = 0; attempt < 500 && await rpc.GetBlockCountAsync() < height; attempt++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(height, await rpc.GetBlockCountAsync());
    }

    private static BitcoindRpcClient Client(EmbeddedChainHost host) =>
        new(BitcoindRpcOptions.ForLocalNode(host.RpcPort, host.DataDirectory));
}
