using System.Collections.Immutable;
using Microchannels.Bitcoin;

namespace Microchannels.Settlement.Wallet;

/// <summary>
/// The coins to spend, the fee, and the change (zero when there is no change
/// output). Inputs = amount + fee + change, exactly. <see cref="Weight"/> is the
/// transaction's weight with maximal signatures, the one the fee was computed for.
/// </summary>
public sealed record CoinSelectionResult(ImmutableArray<WalletCoin> Coins, Satoshis Fee, Satoshis Change, long Weight)
{
    public bool HasChange => Change > Satoshis.Zero;

    public Satoshis InputTotal => Coins.Aggregate(Satoshis.Zero, (sum, coin) => sum + coin.Value);
}
