using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing.Errors;

/// <summary>
/// BOLT 2 "closing_signed": "if one of the outputs in the closing transaction is below the
/// dust limit for its scriptpubkey (see BOLT 3): MUST fail the channel" — the transaction
/// would not relay.
/// </summary>
public sealed class ClosingOutputBelowDustException : ChannelException
{
    public ClosingOutputBelowDustException(ChannelId channelId, Satoshis value, ShutdownScriptKind kind, Satoshis threshold)
        : base(channelId, $"A closing output of {value} to a {kind} script is below its dust threshold of {threshold}.")
    {
        Value = value;
        Kind = kind;
        Threshold = threshold;
    }

    public Satoshis Value { get; }

    public ShutdownScriptKind Kind { get; }

    public Satoshis Threshold { get; }
}
