using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A transfer or fee the sender cannot afford while keeping its channel reserve and paying the commitment fee (BOLT 2 "Adding an HTLC": "MUST NOT offer amount_msat if ... it cannot pay the fee ... while maintaining its channel reserve").</summary>
public sealed class InsufficientFundsException : ChannelException
{
    public InsufficientFundsException(ChannelId channelId, MilliSatoshis amount, MilliSatoshis balance, MilliSatoshis reserve, MilliSatoshis fee, bool local)
        : base(channelId, $"Cannot {(local ? "send" : "accept")} {amount}: the sender has {balance} and must keep a reserve of {reserve} plus a commitment fee of {fee}.")
    {
        Amount = amount;
        Balance = balance;
        Reserve = reserve;
        Fee = fee;
        FailsChannel = !local;
    }

    public MilliSatoshis Amount { get; }

    public MilliSatoshis Balance { get; }

    public MilliSatoshis Reserve { get; }

    public MilliSatoshis Fee { get; }

    public override bool FailsChannel { get; }
}
