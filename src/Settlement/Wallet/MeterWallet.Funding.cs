using System.Collections.Immutable;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Settlement.Wallet;

/// <summary>Building and signing the channel funding transaction.</summary>
public sealed partial class MeterWallet
{
    /// <summary>Version 2, as BOLT 3 transactions and Bitcoin Core's wallet use.</summary>
    private const int TransactionVersion = 2;

    /// <summary>BIP 125 opt-in replaceability, so a funding transaction stuck at a low fee can be bumped before the channel is used.</summary>
    private const uint ReplaceableSequence = 0xfffffffd;

    /// <summary>
    /// Builds and signs a transaction paying exactly <paramref name="fundingAmount"/>
    /// to <paramref name="fundingScriptPubKey"/> (the BOLT 3 "Funding Transaction
    /// Output", a P2WSH of the 2-of-2), with change to a fresh wallet address when
    /// it is not dust, at no less than <paramref name="feerate"/>. Inputs and outputs
    /// are in BIP 69 order (BOLT 3 "Transaction Output Ordering" for the outputs); each
    /// input is signed with SIGHASH_ALL under BIP 143. The coins spent are reserved
    /// until a block spending them is applied or the coins are rescanned.
    /// Throws <see cref="InsufficientFundsException"/>.
    /// </summary>
    public FundingTransaction BuildFundingTransaction(Script fundingScriptPubKey, Satoshis fundingAmount, FeeratePerKw feerate)
    {
        ArgumentNullException.ThrowIfNull(fundingScriptPubKey);
        if (!StandardScripts.IsPayToWitnessScriptHash(fundingScriptPubKey))
        {
            throw new ArgumentException("BOLT 3: the funding output is a P2WSH (OP_0 <32-byte script hash>).", nameof(fundingScriptPubKey));
        }

        // Policy IsDust: an output below its dust threshold makes the transaction non-standard.
        if (fundingAmount.Value < SpendWeights.P2wshDustThreshold)
        {
            throw new ArgumentOutOfRangeException(nameof(fundingAmount), fundingAmount, $"A P2WSH output below {SpendWeights.P2wshDustThreshold} sat is dust.");
        }

        CoinSelectionResult selection = CoinSelection.Select(
            SpendableCoins, fundingAmount, SpendWeights.Output(fundingScriptPubKey.Length), 1, feerate);

        var funding = new TxOut(fundingAmount, fundingScriptPubKey);
        List<TxOut> outputs = [funding];
        TxOut? change = null;
        if (selection.HasChange)
        {
            change = new TxOut(selection.Change, GetScriptPubKey(GetNewAddressIndex()));
            outputs.Add(change);
        }

        ImmutableArray<TxOut> sortedOutputs = Bip69.SortOutputs(outputs);
        ImmutableArray<TxIn> sortedInputs = Bip69.SortInputs(selection.Coins.Select(coin => new TxIn(coin.OutPoint, ReplaceableSequence)));
        var transaction = new Transaction(TransactionVersion, sortedInputs, sortedOutputs, lockTime: 0);
        transaction = Sign(transaction, selection.Coins.ToDictionary(coin => coin.OutPoint));

        foreach (WalletCoin coin in selection.Coins)
        {
            _reserved.Add(coin.OutPoint);
        }

        int fundingIndex = sortedOutputs.IndexOf(funding);
        int? changeIndex = change is null ? null : sortedOutputs.IndexOf(change);
        return new FundingTransaction(transaction, fundingIndex, changeIndex, selection.Fee, selection.Coins);
    }

    /// <summary>
    /// Makes the coins <paramref name="funding"/> spends spendable again: for a funding
    /// transaction that was never broadcast (BOLT 2 "Message Retransmission": a funder that
    /// has not broadcast "SHOULD NOT remember the channel", so the opening is abandoned).
    /// Never release one that may have been broadcast: a later build could spend the same
    /// coins at a higher fee and, funding transactions being BIP 125 replaceable, evict it.
    /// Coins already spent by an applied block stay gone. Returns how many were released.
    /// </summary>
    public int ReleaseReservation(FundingTransaction funding)
    {
        ArgumentNullException.ThrowIfNull(funding);
        return funding.SpentCoins.Count(coin => _reserved.Remove(coin.OutPoint));
    }

    private int GetNewAddressIndex()
    {
        int index = NextKeyIndex;
        GetNewAddress();
        return index;
    }

    /// <summary>BIP 143 P2WPKH: witness &lt;DER signature || SIGHASH_ALL&gt; &lt;33-byte key&gt;, scriptCode the P2PKH script of the key hash.</summary>
    private Transaction Sign(Transaction transaction, Dictionary<OutPoint, WalletCoin> coins)
    {
        var cache = new SegwitV0SighashCache(transaction);
        var witnesses = new Witness[transaction.Inputs.Length];
        for (int i = 0; i < witnesses.Length; i++)
        {
            WalletCoin coin = coins[transaction.Inputs[i].PrevOut];
            PrivateKey key = KeyAt(coin.KeyIndex);
            Script scriptCode = StandardScripts.PayToWitnessPubKeyHashScriptCodeFromPublicKey(key.PublicKey.AsSpan());
            byte[] sighash = SegwitV0SignatureHash.Compute(cache, i, scriptCode, coin.Value, SigHashType.All);
            byte[] der = key.Sign(sighash).ToDer();
            byte[] signature = [.. der, (byte)SigHashType.All];
            witnesses[i] = new Witness(signature, key.PublicKey.ToBytes());
        }

        for (int i = 0; i < witnesses.Length; i++)
        {
            transaction = transaction.WithWitness(i, witnesses[i]);
        }

        return transaction;
    }
}
