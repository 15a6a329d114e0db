using System.Collections.Immutable;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Addresses;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Settlement.Rpc;

/// <summary>
/// The wallet and mining calls a regtest harness needs (Bitcoin Core
/// wallet/rpc/*.cpp, rpc/mining.cpp). Calls that change state are marked
/// non-idempotent, so a lost reply is never answered by sending coins twice.
/// </summary>
public sealed partial class BitcoindRpcClient
{
    /// <summary><c>createwallet</c>: a descriptor wallet (the only kind since v30; the default since v23).</summary>
    public async Task<WalletLoadResult> CreateWalletAsync(string walletName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(walletName);
        return WalletLoadResult.FromJson(await CallAsync("createwallet", false, cancellationToken, walletName).ConfigureAwait(false));
    }

    /// <summary><c>loadwallet</c>; RPC error -35 when it is loaded already, -18 when it does not exist.</summary>
    public async Task<WalletLoadResult> LoadWalletAsync(string walletName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(walletName);
        return WalletLoadResult.FromJson(await CallAsync("loadwallet", false, cancellationToken, walletName).ConfigureAwait(false));
    }

    /// <summary><c>getnewaddress "" bech32</c>: a fresh P2WPKH address of the wallet.</summary>
    public async Task<SegwitAddress> GetNewAddressAsync(string label = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(label);
        RpcJson json = await CallAsync("getnewaddress", false, cancellationToken, label, "bech32").ConfigureAwait(false);
        string text = json.String();
        return SegwitAddress.TryParse(text, null, out SegwitAddress? address)
            ? address
            : throw json.Fail($"'{text}' is not a segwit address");
    }

    /// <summary><c>generatetoaddress</c>: mines <paramref name="blocks"/> blocks paying their coinbase to <paramref name="address"/> (regtest).</summary>
    public async Task<ImmutableArray<BlockHash>> GenerateToAddressAsync(int blocks, string address, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(blocks);
        ArgumentNullException.ThrowIfNull(address);
        RpcJson json = await CallAsync("generatetoaddress", false, cancellationToken, blocks, address).ConfigureAwait(false);
        ImmutableArray<BlockHash> hashes = [.. json.Items().Select(item => item.BlockHash())];
        return hashes.Length == blocks ? hashes : throw json.Fail($"lists {hashes.Length} blocks, {blocks} were asked for");
    }

    /// <summary><c>sendtoaddress</c>: the wallet pays <paramref name="amount"/> to <paramref name="address"/>; returns the txid.</summary>
    public async Task<TxId> SendToAddressAsync(string address, Satoshis amount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (amount <= Satoshis.Zero || !amount.IsMoneyRange)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "An amount to send must be positive and at most MAX_MONEY.");
        }

        return (await CallAsync("sendtoaddress", false, cancellationToken, address, BtcAmount.ToBtc(amount)).ConfigureAwait(false)).TxId();
    }

    /// <summary><c>getbalance</c>: the wallet's trusted, mature balance.</summary>
    public async Task<Satoshis> GetBalanceAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync("getbalance", true, cancellationToken).ConfigureAwait(false)).Btc();

    /// <summary><c>listunspent</c>: the wallet's outputs with <paramref name="minimumConfirmations"/> or more, optionally only to <paramref name="addresses"/>.</summary>
    public async Task<ImmutableArray<UnspentOutput>> ListUnspentAsync(
        int minimumConfirmations = 1, IReadOnlyList<string>? addresses = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumConfirmations);

        // 9999999 is listunspent's own default for maxconf.
        RpcJson json = await CallAsync("listunspent", true, cancellationToken, minimumConfirmations, 9_999_999, addresses).ConfigureAwait(false);
        return [.. json.Items().Select(UnspentOutput.FromJson)];
    }
}
