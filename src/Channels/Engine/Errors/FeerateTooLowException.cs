using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A fee rate below the floor Bitcoin Core relays at (253 sat/kw), which would leave the commitment unbroadcastable.</summary>
public sealed class FeerateTooLowException : ChannelException
{
    public FeerateTooLowException(ChannelId channelId, Microchannels.Bitcoin.FeeratePerKw feerate, bool local)
        : base(channelId, $"Fee rate {feerate} is below the relay floor {Microchannels.Bitcoin.FeeratePerKw.MinimumRelay}.")
    {
        Feerate = feerate;
        FailsChannel = !local;
    }

    public Microchannels.Bitcoin.FeeratePerKw Feerate { get; }

    public override bool FailsChannel { get; }
}
