using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>Chain events after the funding output was spent (BOLT 5).</summary>
public abstract partial record ChannelInput
{
    /// <summary>
    /// Transaction <paramref name="TxId"/> is <paramref name="Depth"/> blocks deep on the
    /// most-work chain (1 = in the tip block, 0 = no longer in a block after a reorg). The
    /// watcher reports the spending transaction and our claims (the txids of
    /// <see cref="ChannelAction.ClosedOnChain"/>) at every new block.
    /// </summary>
    public sealed record TransactionConfirmed(TxId TxId, uint Depth) : ChannelInput;
}
