using NBitcoin;
using Microchannels.EmbeddedChain.Chain;

namespace Microchannels.EmbeddedChain.Validation;

/// <summary>
/// Absolute and relative lock times as consensus/tx_verify.cpp evaluates them: IsFinalTx
/// (nLockTime, BIP 113 median time past) and CalculateSequenceLocks/EvaluateSequenceLocks
/// (BIP 68).
/// </summary>
public static class LockTimes
{
    private const uint LocktimeThreshold = 500_000_000;
    private const uint SequenceFinal = 0xffffffff;
    private const uint DisableFlag = 1u << 31;
    private const uint TypeFlag = 1u << 22;
    private const uint Mask = 0x0000ffff;
    private const int Granularity = 9;

    /// <summary>IsFinalTx: may <paramref name="tx"/> be in a block at <paramref name="height"/> whose predecessor's median time past is <paramref name="medianTimePast"/>?</summary>
    public static bool IsFinal(Transaction tx, int height, long medianTimePast)
    {
        uint lockTime = tx.LockTime.Value;
        if (lockTime == 0)
        {
            return true;
        }

        long limit = lockTime < LocktimeThreshold ? height : medianTimePast;
        return lockTime < limit || tx.Inputs.All(input => input.Sequence.Value == SequenceFinal);
    }

    /// <summary>
    /// BIP 68: are the relative lock times of <paramref name="tx"/> met in a block at
    /// <paramref name="height"/> on top of <paramref name="previous"/>? <paramref name="coinHeights"/>
    /// holds the height of each spent output (the next block's height for a mempool parent).
    /// </summary>
    public static bool SequenceLocksMet(Transaction tx, IReadOnlyList<int> coinHeights, BlockRecord previous)
    {
        if (tx.Version < 2)
        {
            return true;
        }

        int height = previous.Height + 1;
        long minHeight = -1;
        long minTime = -1;
        for (int i = 0; i < tx.Inputs.Count; i++)
        {
            uint sequence = tx.Inputs[i].Sequence.Value;
            if ((sequence & DisableFlag) != 0)
            {
                continue;
            }

            int coinHeight = coinHeights[i];
            if ((sequence & TypeFlag) != 0)
            {
                // The median time past of the block before the one holding the coin.
                long coinTime = previous.Ancestor(Math.Min(Math.Max(coinHeight - 1, 0), previous.Height)).MedianTimePast;
                minTime = Math.Max(minTime, coinTime + ((long)(sequence & Mask) << Granularity) - 1);
            }
            else
            {
                minHeight = Math.Max(minHeight, coinHeight + (long)(sequence & Mask) - 1);
            }
        }

        return minHeight < height && minTime < previous.MedianTimePast;
    }
}
