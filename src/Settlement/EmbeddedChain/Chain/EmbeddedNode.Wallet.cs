using NBitcoin;
using Microchannels.EmbeddedChain.Wallet;

namespace Microchannels.EmbeddedChain.Chain;

/// <summary>The wallet calls: which outputs a wallet holds, and paying from them.</summary>
public sealed partial class EmbeddedNode
{
    /// <summary>The wallet's unspent outputs: confirmed ones and mempool ones, less those a mempool transaction spends.</summary>
    public IReadOnlyList<WalletCoin> CoinsOf(NodeWallet wallet)
    {
        ArgumentNullException.ThrowIfNull(wallet);
        lock (_gate)
        {
            var coins = new List<WalletCoin>();
            int height = Chain.Height;
            foreach (var (outPoint, entry) in Chain.Utxos)
            {
                if (wallet.Owns(entry.Output.ScriptPubKey) && Mempool.SpenderOf(outPoint) is null)
                {
                    // The wallet waits one block longer than consensus (wallet.cpp GetBlocksToMaturity: depth COINBASE_MATURITY + 1).
                    int confirmations = height - entry.Height + 1;
                    bool mature = !entry.IsCoinbase || confirmations > ChainState.CoinbaseMaturity;
                    coins.Add(new WalletCoin(outPoint, entry.Output, confirmations, mature, Trusted: true));
                }
            }

            foreach (MempoolEntry entry in Mempool.Entries)
            {
                bool ours = entry.Transaction.Inputs.All(input =>
                    (Chain.GetUtxo(input.PrevOut)?.Output ?? Mempool.OutputOf(input.PrevOut)) is { } spent && wallet.Owns(spent.ScriptPubKey));
                for (int i = 0; i < entry.Transaction.Outputs.Count; i++)
                {
                    var outPoint = new OutPoint(entry.TxId, i);
                    TxOut output = entry.Transaction.Outputs[i];
                    if (wallet.Owns(output.ScriptPubKey) && Mempool.SpenderOf(outPoint) is null)
                    {
                        coins.Add(new WalletCoin(outPoint, output, 0, Mature: true, Trusted: ours));
                    }
                }
            }

            return coins;
        }
    }

    /// <summary>
    /// <c>sendtoaddress</c>: pays <paramref name="amount"/> to <paramref name="destination"/> from
    /// the wallet's trusted, mature coins at <paramref name="feeRatePerKilovbyte"/>, change to a
    /// new address of the wallet, and submits it. Throws <see cref="NotEnoughFundsException"/>.
    /// </summary>
    public (Transaction Transaction, Validation.MempoolDecision Decision) Send(NodeWallet wallet, Script destination, Money amount, long feeRatePerKilovbyte)
    {
        ArgumentNullException.ThrowIfNull(wallet);
        lock (_gate)
        {
            ICoin[] coins = [.. CoinsOf(wallet).Where(coin => coin.Mature && coin.Trusted).Select(coin => new Coin(coin.OutPoint, coin.Output))];
            TransactionBuilder builder = Network.RegTest.CreateTransactionBuilder();
            builder.AddCoins(coins);
            builder.AddKeys([.. wallet.Keys]);
            builder.Send(destination, amount);
            builder.SetChange(wallet.NewAddress());
            builder.SendEstimatedFees(new FeeRate(Money.Satoshis(feeRatePerKilovbyte)));

            // As bitcoind's wallet: signal replaceability, lock to the tip against fee sniping.
            builder.OptInRBF = true;
            builder.SetLockTime(new LockTime(Chain.Height));
            Transaction tx = builder.BuildTransaction(sign: true);
            return (tx, Submit(tx, testOnly: false));
        }
    }
}
