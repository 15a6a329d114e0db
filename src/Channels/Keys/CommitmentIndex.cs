namespace Microchannels.Channels.Keys;

/// <summary>
/// Per-commitment secret indices. BOLT 3 "Per-commitment Secret Requirements":
/// "The first secret used: MUST be index 281474976710655, and from there, the
/// index is decremented." Commitment number n therefore uses index 2^48 - 1 - n.
/// </summary>
public static class CommitmentIndex
{
    /// <summary>2^48 - 1, the index of the secret for commitment number 0.</summary>
    public const ulong First = (1UL << 48) - 1;

    /// <summary>The largest commitment number a channel can ever reach.</summary>
    public const ulong MaxCommitmentNumber = First;

    public static ulong FromCommitmentNumber(ulong commitmentNumber)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(commitmentNumber, MaxCommitmentNumber);
        return First - commitmentNumber;
    }

    public static ulong ToCommitmentNumber(ulong index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, First);
        return First - index;
    }
}
