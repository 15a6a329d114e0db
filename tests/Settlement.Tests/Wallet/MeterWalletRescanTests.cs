using System.Security.Cryptography;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Addresses;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Tests.Watching;
using Microchannels.Settlement.Wallet;

namespace Microchannels.Settlement.Tests.Wallet;

/// <summary>Rescanning a scripted chain: coins follow the best chain, also after a reorganisation.</summary>
public sealed class MeterWalletRescanTests
{
    [Fact]
    public async Task A_rescan_finds_payments_and_spends_from_the_start_height_and_forgets_a_reorganised_payment()
    {
        byte[] seed = RandomNumberGenerator.GetBytes(WalletKeyDerivation.SeedSize);
        using var wallet = new MeterWallet(seed, Network.Regtest);
        var source = new FakeBlockSource();
        source.Mine();
        Transaction first = Pay(wallet, 0, 10_000);
        Transaction second = Pay(wallet, 1, 20_000);
        source.Mine(first);
        source.Mine(second, Spend(new OutPoint(first.GetTxId(), 0)));
        Transaction third = Pay(wallet, 2, 40_000);
        source.Mine(third);

        Assert.Equal(3, await wallet.RescanAsync(source, 0));
        Assert.Equal(new Satoshis(60_000), wallet.Balance);

        source.Rewind(1);
        source.Mine();
        source.Mine();
        Assert.Equal(4, await wallet.RescanAsync(source, 0));
        Assert.Equal(new OutPoint(second.GetTxId(), 0), Assert.Single(wallet.Coins).OutPoint);

        // A second wallet from the same seed, with no address issued, finds the same coin.
        using var restored = new MeterWallet(seed, Network.Regtest);
        await restored.RescanAsync(source, 0);
        Assert.Equal(new Satoshis(20_000), restored.Balance);
        Assert.Equal(2, restored.NextKeyIndex);
    }

    private static Transaction Pay(MeterWallet wallet, int keyIndex, long value) =>
        FakeBlockSource.Transaction() with { Outputs = [new TxOut(new Satoshis(value), wallet.GetScriptPubKey(keyIndex))] };

    private static Transaction Spend(OutPoint outPoint) => FakeBlockSource.Transaction(outPoint);
}
