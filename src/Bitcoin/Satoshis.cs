namespace Microchannels.Bitcoin;

/// <summary>
/// An amount of bitcoin in satoshis. Arithmetic is checked: an overflow is a
/// programming error and throws <see cref="OverflowException"/>. Amounts read
/// from the wire are range-checked by the parser against <see cref="MaxMoney"/>
/// instead, so bad input surfaces as <see cref="BitcoinFormatException"/>.
/// </summary>
public readonly record struct Satoshis(long Value) : IComparable<Satoshis>
{
    /// <summary>
    /// Bitcoin Core's MAX_MONEY (consensus/amount.h): 21 million BTC. Not the
    /// supply, but the bound every output value must respect (CheckTransaction,
    /// "bad-txns-vout-toolarge").
    /// </summary>
    public static Satoshis MaxMoney { get; } = new(21_000_000L * 100_000_000L);

    public static Satoshis Zero { get; }

    /// <summary>True when 0 &lt;= value &lt;= <see cref="MaxMoney"/> (Core's MoneyRange).</summary>
    public bool IsMoneyRange => Value >= 0 && Value <= MaxMoney.Value;

    public static Satoshis operator +(Satoshis left, Satoshis right) => new(checked(left.Value + right.Value));

    public static Satoshis operator -(Satoshis left, Satoshis right) => new(checked(left.Value - right.Value));

    public static bool operator <(Satoshis left, Satoshis right) => left.Value < right.Value;

    public static bool operator >(Satoshis left, Satoshis right) => left.Value > right.Value;

    public static bool operator <=(Satoshis left, Satoshis right) => left.Value <= right.Value;

    public static bool operator >=(Satoshis left, Satoshis right) => left.Value >= right.Value;

    public static Satoshis Add(Satoshis left, Satoshis right) => left + right;

    public static Satoshis Subtract(Satoshis left, Satoshis right) => left - right;

    public int CompareTo(Satoshis other) => Value.CompareTo(other.Value);

    public override string ToString() => $"{Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} sat";
}
