using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening.Errors;

/// <summary>
/// BOLT 2 "The open_channel Message", receiver: "MUST fail the channel if: ... push_msat
/// is greater than funding_satoshis * 1000" (the sender "MUST set push_msat to equal
/// or less than 1000 * funding_satoshis").
/// </summary>
public sealed class PushAmountTooLargeException : ChannelException
{
    public PushAmountTooLargeException(ChannelId channelId, MilliSatoshis push, Satoshis funding, bool local)
        : base(channelId, $"push_msat {push} exceeds the funding amount {funding} ({funding.Value * 1000L} msat).")
    {
        Push = push;
        Funding = funding;
        FailsChannel = !local;
    }

    public MilliSatoshis Push { get; }

    public Satoshis Funding { get; }

    public override bool FailsChannel { get; }
}
