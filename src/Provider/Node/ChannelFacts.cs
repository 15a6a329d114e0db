using Microchannels.Bitcoin.Transactions;
using OutPoint = Microchannels.Bitcoin.Transactions.OutPoint;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Provider.Node;

/// <summary>What the API reports of a channel state, read without matching every phase at each call site.</summary>
public static class ChannelFacts
{
    public static Api.V1.ChannelState StateOf(Channels.Engine.StateMachine.ChannelState state) => state switch
    {
        Channels.Engine.StateMachine.ChannelState.Opening or Channels.Engine.StateMachine.ChannelState.OpeningAborted => Api.V1.ChannelState.Opening,
        Channels.Engine.StateMachine.ChannelState.Normal => Api.V1.ChannelState.Normal,
        Channels.Engine.StateMachine.ChannelState.ShuttingDown or Channels.Engine.StateMachine.ChannelState.Negotiating => Api.V1.ChannelState.ShuttingDown,
        Channels.Engine.StateMachine.ChannelState.MutualClose => Api.V1.ChannelState.MutualClose,
        Channels.Engine.StateMachine.ChannelState.ForceClosing => Api.V1.ChannelState.ForceClosing,
        Channels.Engine.StateMachine.ChannelState.WaitingForRemoteClose => Api.V1.ChannelState.WaitingForRemoteClose,
        Channels.Engine.StateMachine.ChannelState.ClosingOnChain => Api.V1.ChannelState.ClosingOnChain,
        Channels.Engine.StateMachine.ChannelState.Closed => Api.V1.ChannelState.Closed,
        _ => Api.V1.ChannelState.Unspecified,
    };

    /// <summary>The funding outpoint once the funding transaction is known.</summary>
    public static OutPoint? FundingOutPoint(Channels.Engine.StateMachine.ChannelState state) =>
        state.CommitmentsOrNull?.Parameters.FundingOutPoint
        ?? (state is Channels.Engine.StateMachine.ChannelState.Opening { Phase: IStoredOpening stored } ? stored.FundingOutPoint : null);

    public static ChannelTerms? Terms(Channels.Engine.StateMachine.ChannelState state) =>
        state is Channels.Engine.StateMachine.ChannelState.Opening opening ? opening.Phase.SettledTerms : null;

    public static ulong CapacitySat(Channels.Engine.StateMachine.ChannelState state) =>
        (ulong)(state.CommitmentsOrNull?.Parameters.FundingAmount.Value ?? Terms(state)?.FundingAmount.Value ?? 0);

    /// <summary>Ours and the meter's balance in our latest commitment (for an opening, as its terms will start it).</summary>
    public static (ulong Local, ulong Remote) BalancesMsat(Channels.Engine.StateMachine.ChannelState state)
    {
        if (state.CommitmentsOrNull is { } commitments)
        {
            return (commitments.LocalCommit.Spec.ToLocal.Value, commitments.LocalCommit.Spec.ToRemote.Value);
        }

        if (Terms(state) is { } terms)
        {
            ulong capacity = (ulong)terms.FundingAmount.Value * 1000;
            ulong push = terms.PushAmount.Value;
            return terms.LocalIsOpener ? (capacity - push, push) : (push, capacity - push);
        }

        return (0, 0);
    }

    public static bool Connected(Channels.Engine.StateMachine.ChannelState state) => state switch
    {
        Channels.Engine.StateMachine.ChannelState.Normal n => n.Connection == ConnectionPhase.Connected,
        Channels.Engine.StateMachine.ChannelState.ShuttingDown s => s.Connection == ConnectionPhase.Connected,
        Channels.Engine.StateMachine.ChannelState.Negotiating n => n.Connection == ConnectionPhase.Connected,
        Channels.Engine.StateMachine.ChannelState.Opening o => o.Connection == ConnectionPhase.Connected,
        _ => false,
    };

    /// <summary>The closing transaction once there is one: the mutual close, our broadcast commitment, or the spend seen on chain.</summary>
    public static TxId? ClosingTxId(Channels.Engine.StateMachine.ChannelState state) => state switch
    {
        Channels.Engine.StateMachine.ChannelState.MutualClose m => m.ClosingTransaction.GetTxId(),
        Channels.Engine.StateMachine.ChannelState.ForceClosing f => f.Commitment.GetTxId(),
        Channels.Engine.StateMachine.ChannelState.ClosingOnChain c => c.Close.SpendingTransaction.GetTxId(),
        Channels.Engine.StateMachine.ChannelState.Closed c => c.Close.SpendingTransaction.GetTxId(),
        _ => null,
    };

    public static Bitcoin.Crypto.PublicKey? ReadingKey(Channels.Engine.StateMachine.ChannelState state) =>
        state.CommitmentsOrNull?.Parameters.MeterReadingKey ?? Terms(state)?.MeterReadingKey;

    public static uint FeeratePerKw(Channels.Engine.StateMachine.ChannelState state) =>
        (uint)(state.CommitmentsOrNull?.LocalCommit.Spec.Feerate.Value ?? Terms(state)?.Feerate.Value ?? 0);

    /// <summary>A channel that has ended on chain or is ending: nothing more to pay through it.</summary>
    public static bool IsOpen(Channels.Engine.StateMachine.ChannelState state) =>
        state is Channels.Engine.StateMachine.ChannelState.Opening or Channels.Engine.StateMachine.ChannelState.Normal
            or Channels.Engine.StateMachine.ChannelState.ShuttingDown or Channels.Engine.StateMachine.ChannelState.Negotiating;

    public static Api.V1.OutPoint? ToProto(OutPoint? outPoint) =>
        outPoint is { } o ? new Api.V1.OutPoint { Txid = o.TxId.ToString(), OutputIndex = o.Index } : null;

    public static SignedMeterReading ToProto(Channels.Wire.SignedMeterReading reading) => new()
    {
        CumulativeWh = reading.Reading.CumulativeWh,
        PulseCount = reading.Reading.PulseCount,
        Timestamp = reading.Reading.Timestamp,
        Signature = Convert.ToHexStringLower(reading.Signature.AsSpan()),
    };
}
