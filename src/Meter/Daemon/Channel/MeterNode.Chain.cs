using System.Security.Cryptography;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Chain;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Channels.Wire;
using Microchannels.Hosting.Chain;
using Microchannels.Meter.Accounting;
using Microchannels.Meter.Daemon.Configuration;
using Microchannels.Meter.Daemon.Secrets;
using Microchannels.Meter.Daemon.Sources;
using Microchannels.Meter.Daemon.Status;
using Microchannels.Meter.Relay;
using Microchannels.Meter.Storage;
using Microchannels.Meter.Streaming;
using Microchannels.Settlement.Fees;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Wallet;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Microchannels.Meter.Daemon.Channel;

// MeterNode: Following the chain for the channel: its funding output and the transactions of its close.
public sealed partial class MeterNode
{
    /// <summary>Follows the chain for the channel: its funding output, and the transactions of its close.</summary>
    private void Watch(ChannelState state)
    {
        if (_chain is not { } chain || FundingOf(state) is not { } funding)
        {
            return;
        }

        lock (_watchedTxs)
        {
            WatchLocked(chain, state, funding);
        }
    }

    private void WatchLocked(ChainFollower chain, ChannelState state, OutPoint funding)
    {
        if (_watchedFunding != funding)
        {
            _watchedFunding = funding;
            chain.WatchChannel(funding);
        }

        if (state is ChannelState.ClosingOnChain closing)
        {
            foreach (var txId in closing.Close.TxIds)
            {
                if (_watchedTxs.Add(txId))
                {
                    chain.WatchTransaction(funding, txId);
                }
            }
        }
    }

    private static OutPoint? FundingOf(ChannelState? state) =>
        state?.CommitmentsOrNull?.Parameters.FundingOutPoint
        ?? (state is ChannelState.Opening { Phase: IStoredOpening stored } ? stored.FundingOutPoint : null);

    /// <summary>From the stored cursor less a margin; lower while an opening waits for depth or a close is resolved.</summary>
    private int StartHeight(int tip)
    {
        string path = Path.Combine(_settings.DataDirectory, CursorFile);
        int? cursor = File.Exists(path) && int.TryParse(File.ReadAllText(path).Split(' ')[0], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int height) ? height : null;
        int start = cursor is { } c ? c + 1 - ReorgMargin : tip;
        if (_runner?.State is ChannelState.Opening { WaitingSinceHeight: { } since })
        {
            start = Math.Min(start, (int)since);
        }
        else if (_runner?.State is ChannelState.Opening or ChannelState.ClosingOnChain && cursor is { } known)
        {
            start = Math.Min(start, known - 200);
        }

        return Math.Max(0, start);
    }
}
