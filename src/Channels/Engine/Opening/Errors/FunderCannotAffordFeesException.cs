using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening.Errors;

/// <summary>
/// The opener's initial balance cannot pay the commitment fee and keep the reserve
/// the accepter requires. BOLT 2 "The open_channel Message", receiver: "MUST fail the
/// channel if: ... the funder's amount for the initial commitment transaction is not
/// sufficient for full fee payment"; like eclair we also require the reserve, since a
/// funder below it could never pay (Commitments checks reserve plus fee per transfer).
/// </summary>
public sealed class FunderCannotAffordFeesException : ChannelException
{
    public FunderCannotAffordFeesException(ChannelId channelId, MilliSatoshis funderBalance, Satoshis fee, Satoshis reserve, bool local)
        : base(channelId, $"The opener's initial balance {funderBalance} cannot cover the commitment fee {fee} plus the reserve {reserve}.")
    {
        FunderBalance = funderBalance;
        Fee = fee;
        Reserve = reserve;
        FailsChannel = !local;
    }

    public MilliSatoshis FunderBalance { get; }

    public Satoshis Fee { get; }

    public Satoshis Reserve { get; }

    public override bool FailsChannel { get; }
}
