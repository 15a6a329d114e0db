using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening;

/// <summary>
/// BOLT 2 "Definition of channel_id" (v1): "derived from the funding transaction by
/// combining the funding_txid and the funding_output_index, using big-endian
/// exclusive-OR (i.e. funding_output_index alters the last 2 bytes)". The txid is
/// taken as <c>funding_created</c> carries it, a `sha256` in the order the hash
/// produced it (internal order, the reverse of what bitcoin-cli prints), as eclair
/// (<c>toLongId(fundingTxHash, ...)</c>) and LDK (<c>v1_from_funding_txid</c>) do.
/// </summary>
public static class ChannelIdDerivation
{
    public static ChannelId V1(TxId fundingTxId, ushort fundingOutputIndex)
    {
        byte[] id = fundingTxId.ToBytes();
        id[30] ^= (byte)(fundingOutputIndex >> 8);
        id[31] ^= (byte)fundingOutputIndex;
        return new ChannelId(id);
    }

    /// <summary>The outpoint's index must fit funding_created's u16 field (BOLT 2 rationale).</summary>
    public static ChannelId V1(OutPoint fundingOutPoint)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fundingOutPoint.Index, ushort.MaxValue, nameof(fundingOutPoint));
        return V1(fundingOutPoint.TxId, (ushort)fundingOutPoint.Index);
    }
}
