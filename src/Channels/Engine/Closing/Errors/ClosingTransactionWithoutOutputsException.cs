using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing.Errors;

/// <summary>
/// A closing fee that leaves no output above the dust limit: a transaction without
/// outputs is invalid (Bitcoin Core "bad-txns-vout-empty"), so it can never be the close.
/// </summary>
public sealed class ClosingTransactionWithoutOutputsException : ChannelException
{
    public ClosingTransactionWithoutOutputsException(ChannelId channelId, ulong feeSatoshis)
        : base(channelId, $"With a closing fee of {feeSatoshis} sat no output is left above the dust limit.")
    {
        FeeSatoshis = feeSatoshis;
    }

    public ulong FeeSatoshis { get; }
}
