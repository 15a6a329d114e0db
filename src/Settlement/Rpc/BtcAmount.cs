using System.Globalization;
using Microchannels.Bitcoin;

namespace Microchannels.Settlement.Rpc;

/// <summary>
/// Exact conversion between bitcoind's BTC amounts and <see cref="Satoshis"/>.
/// bitcoind writes amounts as JSON numbers with up to eight decimals
/// (ValueFromAmount) and reads them the same way (AmountFromValue, which rejects
/// a ninth decimal). We go through <see cref="decimal"/> only: a double cannot
/// hold 0.1 BTC, and a rounding error here moves real money.
/// </summary>
public static class BtcAmount
{
    /// <summary>COIN in Bitcoin Core's consensus/amount.h.</summary>
    public const long SatoshisPerBitcoin = 100_000_000L;

    /// <summary>
    /// The satoshis in <paramref name="btc"/>. Throws <see cref="ArgumentException"/>
    /// when the amount is not a whole number of satoshis or is beyond ±MAX_MONEY.
    /// </summary>
    public static Satoshis ToSatoshis(decimal btc)
    {
        if (!TryToSatoshis(btc, out Satoshis satoshis, out string error))
        {
            throw new ArgumentException(error, nameof(btc));
        }

        return satoshis;
    }

    /// <summary>As <see cref="ToSatoshis"/>, returning false with the reason instead of throwing.</summary>
    public static bool TryToSatoshis(decimal btc, out Satoshis satoshis, out string error)
    {
        satoshis = Satoshis.Zero;
        decimal maxBtc = Satoshis.MaxMoney.Value / (decimal)SatoshisPerBitcoin;
        if (btc > maxBtc || btc < -maxBtc)
        {
            error = $"{Format(btc)} BTC is beyond MAX_MONEY (21,000,000 BTC).";
            return false;
        }

        decimal scaled = btc * SatoshisPerBitcoin;
        if (scaled != decimal.Truncate(scaled))
        {
            error = $"{Format(btc)} BTC is not a whole number of satoshis.";
            return false;
        }

        satoshis = new Satoshis((long)scaled);
        error = string.Empty;
        return true;
    }

    /// <summary>The BTC value of <paramref name="amount"/>, exact, with eight decimals as bitcoind prints it.</summary>
    public static decimal ToBtc(Satoshis amount) =>
        decimal.Round(amount.Value / (decimal)SatoshisPerBitcoin, 8) + 0.00000000m;

    private static string Format(decimal btc) => btc.ToString(CultureInfo.InvariantCulture);
}
