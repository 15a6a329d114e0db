using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Addresses;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Wallet;

namespace Microchannels.Oracle.Tests;

/// <summary>
/// The funding transaction the meter's wallet signs (every P2WPKH input, BIP 143,
/// SIGHASH_ALL) through NBitcoin's interpreter, over seeded random wallets: one to a
/// dozen coins of random value, random funding amounts and fee rates.
/// </summary>
public sealed class FundingOracleTests
{
    private const int Wallets = 200;

    [Fact]
    public void Every_input_of_200_random_funding_transactions_satisfies_NBitcoins_interpreter()
    {
        int inputs = 0;
        int mostInputs = 0;
        for (int seed = 0; seed < Wallets; seed++)
        {
            var random = new Random(7_000 + seed);
            var walletSeed = new byte[WalletKeyDerivation.SeedSize];
            random.NextBytes(walletSeed);
            using var wallet = new MeterWallet(walletSeed, Network.Regtest);

            int coins = random.Next(1, 13);
            var payments = Enumerable.Range(0, coins)
                .Select(i => Pay(random, wallet.GetScriptPubKey(random.Next(0, MeterWallet.Lookahead)), random.NextInt64(20_000, 2_000_000)))
                .ToList();
            wallet.ApplyBlock(1, payments);

            long balance = wallet.Balance.Value;
            long amount = random.NextInt64(20_000, Math.Max(20_001, balance / 2));
            var funding = wallet.BuildFundingTransaction(FundingScript(random), new Satoshis(amount), new FeeratePerKw((uint)random.Next(253, 20_000)));

            var spent = funding.Transaction.Inputs
                .Select(input => funding.SpentCoins.Single(c => c.OutPoint == input.PrevOut))
                .Select(c => new TxOut(c.Value, c.ScriptPubKey))
                .ToList();
            ScriptOracle.AssertSpends(funding.Transaction, spent, $"wallet seed {seed}: funding transaction");
            inputs += spent.Count;
            mostInputs = Math.Max(mostInputs, spent.Count);
        }

        Assert.True(inputs > Wallets && mostInputs >= 3, $"{inputs} inputs, at most {mostInputs} in one transaction");
    }

    private static Transaction Pay(Random random, Script script, long value)
    {
        var txid = new byte[32];
        random.NextBytes(txid);
        return new(2, [new TxIn(new OutPoint(new TxId(txid), 0), TxIn.SequenceFinal)], [new TxOut(new Satoshis(value), script)], 0);
    }

    private static Script FundingScript(Random random)
    {
        var a = new byte[32];
        var b = new byte[32];
        random.NextBytes(a);
        random.NextBytes(b);
        a[0] = b[0] = 1; // below the curve order
        using var keyA = PrivateKey.FromBytes(a);
        using var keyB = PrivateKey.FromBytes(b);
        return StandardScripts.PayToWitnessScriptHash(StandardScripts.FundingMultisig2of2(keyA.PublicKey.AsSpan(), keyB.PublicKey.AsSpan()));
    }
}
