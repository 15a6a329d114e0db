namespace Microchannels.Bitcoin;

/// <summary>
/// A fee rate in satoshis per 1000 weight units, the unit BOLT 2 and BOLT 3 use
/// (<c>feerate_per_kw</c>). One virtual byte is four weight units, so
/// 1 sat/vB = 250 sat/kw.
/// </summary>
public readonly record struct FeeratePerKw(uint Value) : IComparable<FeeratePerKw>
{
    /// <summary>
    /// The floor Bitcoin Core relays at by default (1 sat/vB = 253 sat/kw after
    /// rounding up the 250 of an exact conversion; BOLT 2 "update_fee" rationale
    /// and every implementation use 253).
    /// </summary>
    public static FeeratePerKw MinimumRelay { get; } = new(253);

    /// <summary>BOLT 3 "Fee Calculation": multiply by the weight, divide by 1000, rounding down.</summary>
    public Satoshis FeeForWeight(long weight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        return new Satoshis(checked((long)Value * weight) / 1000);
    }

    /// <summary>From Bitcoin Core's BTC/kvB (estimatesmartfee): 1 kvB = 4000 weight units.</summary>
    public static FeeratePerKw FromSatoshisPerKilovbyte(long satoshisPerKvB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(satoshisPerKvB);
        return new FeeratePerKw((uint)Math.Min(uint.MaxValue, satoshisPerKvB / 4));
    }

    public int CompareTo(FeeratePerKw other) => Value.CompareTo(other.Value);

    public static bool operator <(FeeratePerKw left, FeeratePerKw right) => left.Value < right.Value;

    public static bool operator >(FeeratePerKw left, FeeratePerKw right) => left.Value > right.Value;

    public static bool operator <=(FeeratePerKw left, FeeratePerKw right) => left.Value <= right.Value;

    public static bool operator >=(FeeratePerKw left, FeeratePerKw right) => left.Value >= right.Value;

    public override string ToString() => $"{Value} sat/kw";
}
