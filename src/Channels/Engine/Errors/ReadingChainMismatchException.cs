using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A version-2 reading signed for another chain (a testnet reading replayed on mainnet, say).</summary>
public sealed class ReadingChainMismatchException : ChannelException
{
    public ReadingChainMismatchException(ChannelId channelId, ChainHash expected, ChainHash received, bool local)
        : base(channelId, $"The reading names chain {received}, not {expected}.")
    {
        Expected = expected;
        Received = received;
        FailsChannel = !local;
    }

    public ChainHash Expected { get; }

    public ChainHash Received { get; }

    /// <summary>Our own command with such a reading is refused; a peer's fails the channel.</summary>
    public override bool FailsChannel { get; }
}
