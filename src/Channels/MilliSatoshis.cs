using Microchannels.Bitcoin;
using System.Globalization;

namespace Microchannels.Channels;

/// <summary>
/// An amount in millisatoshis (1/1000 satoshi), the unit of every `*_msat` field
/// in BOLT 2 and of channel balances. A distinct type so msat and sat cannot be
/// mixed by accident (STYLE.md #12). Arithmetic is checked: a result outside
/// 0..2^64-1 throws <see cref="OverflowException"/> instead of wrapping, since
/// a wrapped balance is a loss of funds; the Try* forms report it as false for
/// callers handling peer-supplied amounts (as CLN's amount_msat_add does).
/// </summary>
public readonly record struct MilliSatoshis(ulong Value) : IComparable<MilliSatoshis>
{
    /// <summary>
    /// BOLT 1, "Fundamental Types": milli-satoshi amounts MUST be at most
    /// 0x1d24b2dfac520000 (21 million BTC).
    /// </summary>
    public const ulong MaxMoney = 0x1d24b2dfac520000;

    public static MilliSatoshis Zero => default;

    /// <summary>Whether the amount respects the 21 million BTC bound of BOLT 1.</summary>
    public bool IsWithinMoneySupply => Value <= MaxMoney;

    public static MilliSatoshis FromSatoshis(ulong satoshis)
    {
        if (satoshis > ulong.MaxValue / 1000)
        {
            throw new OverflowException($"{satoshis} sat does not fit in u64 millisatoshis.");
        }

        return new(satoshis * 1000);
    }

    /// <summary>Whole satoshis, rounded down ("MUST be rounded down to whole satoshis", BOLT 3).</summary>
    public Satoshis ToSatoshis() => new((long)(Value / 1000));

    public static bool TryAdd(MilliSatoshis left, MilliSatoshis right, out MilliSatoshis sum)
    {
        ulong result = left.Value + right.Value;
        bool ok = result >= left.Value;
        sum = ok ? new(result) : default;
        return ok;
    }

    public static bool TrySubtract(MilliSatoshis left, MilliSatoshis right, out MilliSatoshis difference)
    {
        bool ok = left.Value >= right.Value;
        difference = ok ? new(left.Value - right.Value) : default;
        return ok;
    }

    public static MilliSatoshis Add(MilliSatoshis left, MilliSatoshis right) =>
        TryAdd(left, right, out var sum)
            ? sum
            : throw new OverflowException($"{left} + {right} overflows u64.");

    public static MilliSatoshis Subtract(MilliSatoshis left, MilliSatoshis right) =>
        TrySubtract(left, right, out var difference)
            ? difference
            : throw new OverflowException($"{left} - {right} is negative.");

    public static MilliSatoshis operator +(MilliSatoshis left, MilliSatoshis right) => Add(left, right);

    public static MilliSatoshis operator -(MilliSatoshis left, MilliSatoshis right) => Subtract(left, right);

    public int CompareTo(MilliSatoshis other) => Value.CompareTo(other.Value);

    public static bool operator <(MilliSatoshis left, MilliSatoshis right) => left.Value < right.Value;

    public static bool operator >(MilliSatoshis left, MilliSatoshis right) => left.Value > right.Value;

    public static bool operator <=(MilliSatoshis left, MilliSatoshis right) => left.Value <= right.Value;

    public static bool operator >=(MilliSatoshis left, MilliSatoshis right) => left.Value >= right.Value;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Value} msat");
}
