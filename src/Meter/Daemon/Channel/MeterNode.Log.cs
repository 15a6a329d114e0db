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

// MeterNode: The daemon's structured log lines.
public sealed partial class MeterNode
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Fund the meter's wallet: send at least {Needed} sat to {Address} (balance {Balance} sat)")]
    private partial void LogFundMe(long needed, string address, long balance);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Opening a channel of {Amount} sat to {Provider} at {Feerate} sat/kw")]
    private partial void LogOpening(long amount, string provider, uint feerate);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Funding {Funding} broadcast; waiting for {Depth} confirmations")]
    private partial void LogFunded(string funding, uint depth);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Channel {Channel} open (funding {Funding})")]
    private partial void LogOpen(string channel, string funding);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Resumed channel {Channel} ({State}) from the store")]
    private partial void LogResumedCore(string state, string channel);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Connected to {Provider}; the channel reestablishes")]
    private partial void LogConnected(string provider);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Disconnected from {Provider}")]
    private partial void LogDisconnected(string provider);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Provider {Provider} unreachable ({Reason}); retrying in {DelayMs:0} ms")]
    private partial void LogUnreachable(string provider, string reason, double delayMs);

    [LoggerMessage(EventId = 108, Level = LogLevel.Error, Message = "Force-closing the channel: {Reason}")]
    private partial void LogForceClosing(string reason);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning, Message = "Closing: {Reason}")]
    private partial void LogClosing(string reason);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Tariff from the provider ignored: {Reason}")]
    private partial void LogTariffIgnored(string reason);

    [LoggerMessage(EventId = 110, Level = LogLevel.Error, Message = "The channel runner stopped: {Reason}")]
    private partial void LogRunnerStopped(string reason);

    private void LogResumed(string state, string channel) => LogResumedCore(state, channel);
}
