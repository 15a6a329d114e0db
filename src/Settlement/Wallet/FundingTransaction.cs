using System.Collections.Immutable;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Settlement.Wallet;

/// <summary>
/// A signed funding transaction: <see cref="Transaction"/> pays the funding
/// amount at output <see cref="FundingOutputIndex"/> (after BIP 69 sorting) and any
/// change to <see cref="ChangeOutputIndex"/>; <see cref="Fee"/> = inputs − outputs.
/// </summary>
public sealed record FundingTransaction(
    Transaction Transaction,
    int FundingOutputIndex,
    int? ChangeOutputIndex,
    Satoshis Fee,
    ImmutableArray<WalletCoin> SpentCoins)
{
    public TxId TxId => Transaction.GetTxId();

    public OutPoint FundingOutPoint => new(TxId, (uint)FundingOutputIndex);

    public Satoshis Change => ChangeOutputIndex is int index ? Transaction.Outputs[index].Value : Satoshis.Zero;
}
