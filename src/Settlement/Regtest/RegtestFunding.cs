using System.Collections.Immutable;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Addresses;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Regtest;

/// <summary>
/// Mining and funding through a regtest node's wallet, whichever node serves the RPC: a
/// bitcoind started by <see cref="RegtestNode"/>, one of the developer's own, or the
/// SIMULATED embedded chain. Only bitcoind's RPCs are used.
/// </summary>
public static class RegtestFunding
{
    // Spending a coinbase needs 100 confirmations (consensus COINBASE_MATURITY) and the wallet
    // waits one more, so mining 101 blocks to ourselves makes the first one spendable.
    private const int CoinbaseMaturity = 100;

    /// <summary>Mines <paramref name="blocks"/> blocks, paying to <paramref name="address"/> or else to a new address of <paramref name="wallet"/>.</summary>
    public static async Task<ImmutableArray<BlockHash>> MineAsync(BitcoindRpcClient wallet, int blocks, string? address = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wallet);
        address ??= (await wallet.GetNewAddressAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).ToString();
        return await wallet.GenerateToAddressAsync(blocks, address, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Pays <paramref name="amount"/> to <paramref name="address"/> from <paramref name="wallet"/>
    /// (mining to it first if it lacks mature coins) and confirms the payment in one block.
    /// Returns the funded output.
    /// </summary>
    public static async Task<OutPoint> FundAddressAsync(BitcoindRpcClient wallet, string address, Satoshis amount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wallet);
        ArgumentNullException.ThrowIfNull(address);
        byte[] script = BitcoinAddress.ToScriptPubKey(address, Network.Regtest);

        // Room for the wallet's fee at -fallbackfee on top of the amount.
        Satoshis needed = amount + new Satoshis(1_000_000);
        for (int round = 0; await wallet.GetBalanceAsync(cancellationToken).ConfigureAwait(false) < needed; round++)
        {
            if (round == 20)
            {
                throw new InvalidOperationException($"The harness wallet could not mine {needed} of mature coins.");
            }

            int height = await wallet.GetBlockCountAsync(cancellationToken).ConfigureAwait(false);
            await MineAsync(wallet, height < CoinbaseMaturity + 1 ? CoinbaseMaturity + 1 : 10, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        TxId txId = await wallet.SendToAddressAsync(address, amount, cancellationToken).ConfigureAwait(false);
        await MineAsync(wallet, 1, cancellationToken: cancellationToken).ConfigureAwait(false);
        Transaction funding = await wallet.GetRawTransactionAsync(txId, cancellationToken: cancellationToken).ConfigureAwait(false);
        for (int index = 0; index < funding.Outputs.Length; index++)
        {
            TxOut output = funding.Outputs[index];
            if (output.Value == amount && output.ScriptPubKey.AsSpan().SequenceEqual(script))
            {
                return new OutPoint(txId, (uint)index);
            }
        }

        throw new InvalidOperationException($"Transaction {txId} has no output of {amount} to {address}.");
    }
}
