using Grpc.Core;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Demo.Chains;
using Microchannels.Provider.Api.V1;
using Microchannels.Settlement.Rpc;
using OutPoint = Microchannels.Bitcoin.Transactions.OutPoint;

namespace Microchannels.Demo.Run;

/// <summary>
/// Closes every channel through the provider's API: cooperatively (BOLT 2 "Channel Close"),
/// and one by force, whose delayed to_local output the provider sweeps once to_self_delay
/// blocks have passed (BOLT 5 "Unilateral Close Handling: Local Commitment Transaction");
/// mines what it takes and waits until every channel is closed.
/// </summary>
internal sealed class Closer(ProviderDaemon provider, DemoChain chain, IReadOnlyList<MeterDaemon> meters, Action<string> say)
{
    private const uint CooperativeFeeratePerKw = 1_000;

    /// <summary>The closes started: meter, channel, kind and closing txid.</summary>
    public async Task<IReadOnlyList<(MeterDaemon Meter, Channel Channel, string Kind, TxId ClosingTxId)>> CloseAllAsync(CancellationToken cancellationToken)
    {
        var open = new List<(MeterDaemon, Channel)>();
        foreach (var meter in meters)
        {
            var channel = await provider.Client.GetChannelAsync(new GetChannelRequest { MeterNodeId = meter.NodeId }, provider.Connection.Unary(cancellationToken)).ConfigureAwait(false);
            open.Add((meter, channel));
        }

        // The force close goes to the channel with the most in the provider's balance, so there is a to_local output to sweep.
        var force = open.MaxBy(c => c.Item2.LocalBalanceMsat);
        var closes = new List<(MeterDaemon, Channel, string, TxId)>();
        foreach (var (meter, channel) in open)
        {
            bool byForce = ReferenceEquals(meter, force.Item1);
            var request = new CloseChannelRequest { ChannelId = channel.ChannelId, WaitForTxid = true };
            if (byForce)
            {
                request.Force = new ForceClose { Reason = "demo: a force close, to show the sweep after to_self_delay" };
            }
            else
            {
                request.Cooperative = new CooperativeClose { TargetFeerateSatPerKw = CooperativeFeeratePerKw };
            }

            var response = await provider.Client.CloseChannelAsync(request, provider.Connection.Unary(cancellationToken)).ConfigureAwait(false);
            var txId = TxId.Parse(response.ClosingTxid);
            say($"{meter.Name}: {(byForce ? "force close, the provider's commitment" : "cooperative close")} {txId} ({response.State})");
            closes.Add((meter, channel, byForce ? "force" : "cooperative", txId));
        }

        foreach (var (meter, _, _, txId) in closes)
        {
            var info = await WaitConfirmedAsync(txId, TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
            say($"{meter.Name}: {txId} confirmed ({info.Confirmations} confirmations)");
        }

        return closes;
    }

    /// <summary>Mines past to_self_delay until the provider's sweep of the commitment's to_local output confirms; null when there is no such output.</summary>
    public async Task<(RawTransactionInfo Sweep, uint ToSelfDelay, int After)?> SweepAsync(TxId commitmentTxId, CancellationToken cancellationToken)
    {
        var commitment = await chain.Wallet.GetRawTransactionInfoAsync(commitmentTxId, cancellationToken: cancellationToken).ConfigureAwait(false);
        int toLocal = ToLocalIndex(commitment.Transaction);
        if (toLocal < 0)
        {
            say("the provider's to_local output was below the dust limit and left out of its commitment (BOLT 3): nothing to sweep");
            return null;
        }

        int committedAt = await HeightOfAsync(commitment, cancellationToken).ConfigureAwait(false);
        var output = new OutPoint(commitmentTxId, (uint)toLocal);
        string address = (await chain.Wallet.GetNewAddressAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).ToString();
        say($"the provider's to_local output {output} waits to_self_delay blocks; mining ...");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (await chain.Wallet.GetTxOutAsync(output, includeMempool: true, cancellationToken).ConfigureAwait(false) is { } unspent)
        {
            // The engine does not sweep an output worth less than the fee to spend it (BOLT 5 leaves it to the node), and calls the channel closed.
            var channel = (await provider.ChannelsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.ClosingTxid == commitmentTxId.ToString());
            if (channel?.State == ChannelState.Closed)
            {
                say($"the provider's to_local output {output} of {unspent.Value.Value} sat is worth less than the fee to sweep it: the provider leaves it on chain");
                return null;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DemoFailedException($"the provider did not sweep {output} within 3 minutes; see {provider.Process.LogPath}");
            }

            // A batch at a time: the provider follows each block before the next batch.
            await chain.Wallet.GenerateToAddressAsync(12, address, cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMilliseconds(700), cancellationToken).ConfigureAwait(false);
        }

        var sweep = await FindSpenderAsync(output, committedAt, cancellationToken).ConfigureAwait(false);
        sweep = await WaitConfirmedAsync(sweep.TxId, TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
        int sweptAt = await HeightOfAsync(sweep, cancellationToken).ConfigureAwait(false);
        uint delay = sweep.Transaction.Inputs.First(i => i.PrevOut == output).Sequence;
        say($"swept by {sweep.TxId} at height {sweptAt}, {sweptAt - committedAt} blocks after the commitment (to_self_delay {delay})");
        return (sweep, delay, sweptAt - committedAt);
    }

    /// <summary>
    /// Mines until the provider reports every channel closed: a close is irrevocably resolved
    /// once it (and any sweep) is 100 blocks deep (OnChainClose.IrrevocablyResolvedDepth).
    /// </summary>
    public async Task WaitAllClosedAsync(IEnumerable<string> channelIds, CancellationToken cancellationToken)
    {
        var wanted = channelIds.ToHashSet(StringComparer.Ordinal);
        string address = (await chain.Wallet.GetNewAddressAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).ToString();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        bool told = false;
        while (true)
        {
            var channels = await provider.ChannelsAsync(cancellationToken).ConfigureAwait(false);
            var pending = channels.Where(c => wanted.Contains(c.ChannelId) && c.State != ChannelState.Closed).ToList();
            if (pending.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DemoFailedException($"channels not closed after 2 minutes: {string.Join(", ", pending.Select(c => $"{c.ChannelId[..8]} {c.State}"))}; see {provider.Process.LogPath}");
            }

            if (!told)
            {
                say("mining until every close is 100 blocks deep, when the provider counts it irrevocably resolved ...");
                told = true;
            }

            await chain.Wallet.GenerateToAddressAsync(10, address, cancellationToken).ConfigureAwait(false);
            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<RawTransactionInfo> WaitConfirmedAsync(TxId txId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var info = await chain.Wallet.GetRawTransactionInfoAsync(txId, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (info.Confirmations is > 0)
                {
                    return info;
                }
            }
            catch (BitcoindRpcException)
            {
                // Not broadcast yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DemoFailedException($"{txId} did not confirm in {timeout.TotalSeconds:0} s; see {provider.Process.LogPath}");
            }

            await Task.Delay(300, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<int> HeightOfAsync(RawTransactionInfo info, CancellationToken cancellationToken) =>
        info.BlockHash is { } hash ? (await chain.Wallet.GetBlockAsync(hash, cancellationToken).ConfigureAwait(false)).Height : -1;

    /// <summary>The commitment's to_local output: its only P2WSH output (BOLT 3 "to_local Output", no HTLCs or anchors here); -1 when trimmed.</summary>
    public static int ToLocalIndex(Transaction commitment)
    {
        for (int i = 0; i < commitment.Outputs.Length; i++)
        {
            var script = commitment.Outputs[i].ScriptPubKey.AsSpan();
            if (script.Length == 34 && script[0] == 0x00 && script[1] == 0x20)
            {
                return i;
            }
        }

        return -1;
    }

    private async Task<RawTransactionInfo> FindSpenderAsync(OutPoint output, int fromHeight, CancellationToken cancellationToken)
    {
        foreach (var txId in await chain.Wallet.GetRawMempoolAsync(cancellationToken).ConfigureAwait(false))
        {
            var info = await chain.Wallet.GetRawTransactionInfoAsync(txId, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (info.Transaction.Inputs.Any(i => i.PrevOut == output))
            {
                return info;
            }
        }

        int tip = await chain.Wallet.GetBlockCountAsync(cancellationToken).ConfigureAwait(false);
        for (int height = tip; height > fromHeight; height--)
        {
            var block = await chain.Wallet.GetBlockAsync(await chain.Wallet.GetBlockHashAsync(height, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            foreach (var txId in block.TxIds.Skip(1))
            {
                var info = await chain.Wallet.GetRawTransactionInfoAsync(txId, block.Hash, cancellationToken).ConfigureAwait(false);
                if (info.Transaction.Inputs.Any(i => i.PrevOut == output))
                {
                    return info;
                }
            }
        }

        throw new DemoFailedException($"{output} is spent but no transaction spending it was found");
    }
}
