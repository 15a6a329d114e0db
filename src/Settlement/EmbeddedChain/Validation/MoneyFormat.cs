using System.Globalization;
using NBitcoin;

namespace Microchannels.EmbeddedChain.Validation;

/// <summary>Amounts and fee rates written as bitcoind writes them in reject messages and JSON.</summary>
public static class MoneyFormat
{
    /// <summary>
    /// util/moneystr.cpp FormatMoney: eight decimals with trailing zeros trimmed, keeping at
    /// least two ("1.00", "0.000005").
    /// </summary>
    public static string Format(long satoshis)
    {
        long quotient = Math.Abs(satoshis) / Money.COIN;
        long remainder = Math.Abs(satoshis) % Money.COIN;
        string text = string.Create(CultureInfo.InvariantCulture, $"{quotient}.{remainder:D8}");
        int end = text.Length;
        while (end > 0 && text[end - 1] == '0' && char.IsDigit(text[end - 3]))
        {
            end--;
        }

        return (satoshis < 0 ? "-" : string.Empty) + text[..end];
    }

    /// <summary>A JSON amount in BTC with eight decimals, as ValueFromAmount writes it.</summary>
    public static decimal ToBtc(long satoshis) => decimal.Round(satoshis / (decimal)Money.COIN, 8) + 0.00000000m;

    /// <summary>CFeeRate::ToString in BTC/kvB: "0.00001000 BTC/kvB".</summary>
    public static string FeeRate(long satoshisPerKilovbyte) =>
        string.Create(CultureInfo.InvariantCulture, $"{satoshisPerKilovbyte / Money.COIN}.{satoshisPerKilovbyte % Money.COIN:D8} BTC/kvB");

    /// <summary>CFeeRate::GetFee: the fee for <paramref name="virtualSize"/> vbytes at a rate per 1000 vbytes, rounded up, at least 1 for a positive rate.</summary>
    public static long FeeFor(long satoshisPerKilovbyte, int virtualSize)
    {
        long fee = (long)Math.Ceiling(satoshisPerKilovbyte * (double)virtualSize / 1000.0);
        return fee == 0 && virtualSize != 0 && satoshisPerKilovbyte > 0 ? 1 : fee;
    }
}
