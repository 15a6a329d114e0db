using System.Security.Cryptography;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Addresses;
using Microchannels.Bitcoin.Chain;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Wallet;

namespace Microchannels.Settlement.Tests.Wallet;

/// <summary>The engine's funding wallet over the meter wallet, without a node: what BOLT 2 asks of the funding transaction.</summary>
public sealed class MeterFundingWalletTests : IDisposable
{
    private static readonly byte[] Seed = [.. Enumerable.Range(7, 32).Select(i => (byte)i)];
    private static readonly Satoshis Amount = new(1_000_000);
    private readonly MeterWallet _wallet = new(Seed, Network.Regtest);
    private readonly MeterFundingWallet _funding;

    public MeterFundingWalletTests()
    {
        _funding = new MeterFundingWallet(_wallet);
    }

    public void Dispose() => _wallet.Dispose();

    [Theory]
    [InlineData(253)]
    [InlineData(1_000)]
    [InlineData(2_500)]
    [InlineData(25_000)]
    public async Task The_transaction_pays_the_amount_to_the_script_exactly_once_from_signed_segwit_inputs_at_the_feerate(uint feerate)
    {
        _wallet.ApplyBlock(1, [Pay(_wallet.GetScriptPubKey(0), 700_000), Pay(_wallet.GetScriptPubKey(1), 600_000), Pay(_wallet.GetScriptPubKey(2), 50_000)]);
        Script script = FundingScript();

        IFundingWallet wallet = _funding;
        Transaction tx = await wallet.CreateFundingTransactionAsync(script, Amount, new FeeratePerKw(feerate), CancellationToken.None);

        // BOLT 2 "The funding_created Message": the funding output appears once, with exactly the amount.
        Assert.Single(tx.Outputs, output => output == new TxOut(Amount, script));
        Assert.Single(tx.Outputs, output => output.ScriptPubKey == script);

        // BOLT 2: "SHOULD use only BIP141 (Segregated Witness) inputs": empty scriptSig, a P2WPKH witness.
        Dictionary<OutPoint, WalletCoin> coins = _wallet.Coins.ToDictionary(coin => coin.OutPoint);
        Assert.NotEmpty(tx.Inputs);
        var cache = new SegwitV0SighashCache(tx);
        for (int i = 0; i < tx.Inputs.Length; i++)
        {
            TxIn input = tx.Inputs[i];
            Assert.True(input.ScriptSig.IsEmpty);
            Assert.Equal(2, input.Witness.Count);
            var key = PublicKey.FromBytes(input.Witness[1].Span);
            WalletCoin coin = coins[input.PrevOut];
            Assert.Equal(coin.ScriptPubKey, StandardScripts.PayToWitnessPubKeyHashFromPublicKey(key.AsSpan()));
            byte[] signature = input.Witness[0].ToArray();
            byte[] sighash = SegwitV0SignatureHash.Compute(cache, i, StandardScripts.PayToWitnessPubKeyHashScriptCodeFromPublicKey(key.AsSpan()), coin.Value, SigHashType.All);
            Assert.True(key.Verify(sighash, EcdsaSignature.FromDer(signature.AsSpan(0, signature.Length - 1))));
        }

        // The fee is the rate times the weight with 73-byte signatures (BOLT 3 "Fee Calculation"
        // rounding), so over the real weight, never larger, the rate is never below the one asked.
        Assert.True(_funding.TryGetCreated(tx.GetTxId(), out FundingTransaction? built));
        Satoshis fee = tx.Inputs.Aggregate(Satoshis.Zero, (sum, input) => sum + coins[input.PrevOut].Value)
            - tx.Outputs.Aggregate(Satoshis.Zero, (sum, output) => sum + output.Value);
        Assert.Equal(built.Fee, fee);
        long estimated = SpendWeights.Transaction(tx.Inputs.Length, tx.Outputs.Length, tx.Outputs.Sum(output => (long)SpendWeights.Output(output.ScriptPubKey.Length)));
        Assert.Equal(new FeeratePerKw(feerate).FeeForWeight(estimated), fee);
        Assert.True(estimated >= tx.Weight);
        // BOLT 3 "Fee Calculation" rounds down: at least the rate over the real weight, so rounded.
        Assert.True(fee >= new FeeratePerKw(feerate).FeeForWeight(tx.Weight), $"fee {fee} is below {feerate} sat/kw for weight {tx.Weight}");
    }

    [Fact]
    public async Task Without_enough_coins_the_task_faults_with_the_wallets_typed_exception_and_nothing_is_reserved()
    {
        _wallet.ApplyBlock(1, [Pay(_wallet.GetScriptPubKey(0), 1_000_100)]);

        Task<Transaction> task = _funding.CreateFundingTransactionAsync(FundingScript(), Amount, new FeeratePerKw(1_000), CancellationToken.None);

        var e = await Assert.ThrowsAsync<InsufficientFundsException>(() => task);
        Assert.Equal(new Satoshis(1_000_100), e.Available);
        Assert.True(e.Needed > Amount);
        Assert.Single(_wallet.SpendableCoins);
    }

    [Fact]
    public async Task An_empty_wallet_faults_with_insufficient_funds()
    {
        var e = await Assert.ThrowsAsync<InsufficientFundsException>(
            () => _funding.CreateFundingTransactionAsync(FundingScript(), Amount, new FeeratePerKw(253), CancellationToken.None));

        Assert.Equal(Satoshis.Zero, e.Available);
    }

    [Fact]
    public async Task The_coins_stay_reserved_until_the_opening_is_abandoned_then_a_new_opening_can_spend_them()
    {
        _wallet.ApplyBlock(1, [Pay(_wallet.GetScriptPubKey(0), 1_500_000)]);
        Transaction first = await _funding.CreateFundingTransactionAsync(FundingScript(), Amount, new FeeratePerKw(1_000), CancellationToken.None);
        await Assert.ThrowsAsync<InsufficientFundsException>(
            () => _funding.CreateFundingTransactionAsync(FundingScript(), Amount, new FeeratePerKw(1_000), CancellationToken.None));

        Assert.True(_funding.Abandon(first.GetTxId()));
        Assert.False(_funding.Abandon(first.GetTxId()));
        Assert.False(_funding.TryGetCreated(first.GetTxId(), out _));

        Transaction second = await _funding.CreateFundingTransactionAsync(FundingScript(), Amount, new FeeratePerKw(1_000), CancellationToken.None);
        Assert.Equal(first.Inputs.Select(input => input.PrevOut), second.Inputs.Select(input => input.PrevOut));
    }

    [Fact]
    public async Task The_engine_releasing_an_unbroadcast_funding_frees_its_coins()
    {
        _wallet.ApplyBlock(1, [Pay(_wallet.GetScriptPubKey(0), 1_500_000)]);
        IFundingWallet wallet = _funding;
        Transaction first = await wallet.CreateFundingTransactionAsync(FundingScript(), Amount, new FeeratePerKw(1_000), CancellationToken.None);

        wallet.ReleaseFundingTransaction(first);
        Assert.False(_funding.TryGetCreated(first.GetTxId(), out _));
        Transaction second = await wallet.CreateFundingTransactionAsync(FundingScript(), Amount, new FeeratePerKw(1_000), CancellationToken.None);
        Assert.Equal(first.Inputs.Select(input => input.PrevOut), second.Inputs.Select(input => input.PrevOut));
    }

    [Fact]
    public void A_txid_the_wallet_did_not_build_releases_nothing()
    {
        Assert.False(_funding.Abandon(new TxId(new byte[32])));
    }

    [Fact]
    public async Task A_cancelled_request_builds_nothing()
    {
        _wallet.ApplyBlock(1, [Pay(_wallet.GetScriptPubKey(0), 1_500_000)]);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _funding.CreateFundingTransactionAsync(FundingScript(), Amount, new FeeratePerKw(1_000), cancelled.Token));

        Assert.Single(_wallet.SpendableCoins);
    }

    [Fact]
    public async Task A_funding_script_that_is_not_P2WSH_is_refused()
    {
        _wallet.ApplyBlock(1, [Pay(_wallet.GetScriptPubKey(0), 1_500_000)]);

        await Assert.ThrowsAsync<ArgumentException>(
            () => _funding.CreateFundingTransactionAsync(_wallet.GetScriptPubKey(5), Amount, new FeeratePerKw(1_000), CancellationToken.None));
        Assert.Single(_wallet.SpendableCoins);
    }

    private static Script FundingScript()
    {
        using PrivateKey a = WalletKeyDerivation.DeriveKey(new byte[32], 0);
        using PrivateKey b = WalletKeyDerivation.DeriveKey(new byte[32], 1);
        return StandardScripts.PayToWitnessScriptHash(StandardScripts.FundingMultisig2of2(a.PublicKey.AsSpan(), b.PublicKey.AsSpan()));
    }

    private static Transaction Pay(Script script, long value) =>
        new(2, [new TxIn(new OutPoint(new TxId(RandomNumberGenerator.GetBytes(32)), 0), TxIn.SequenceFinal)], [new TxOut(new Satoshis(value), script)], 0);
}
