using System.Collections.Immutable;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Addresses;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Watching;

namespace Microchannels.Settlement.Wallet;

/// <summary>
/// The meter's own on-chain wallet: P2WPKH keys derived from a 32-byte seed
/// (<see cref="WalletKeyDerivation"/>), and the coins paid to them, found by
/// scanning blocks. Keys up to <see cref="Lookahead"/> past the last one used
/// are recognised, so a rescan from the seed alone finds every coin as long as
/// no more than that many issued addresses in a row went unpaid. Not thread-safe.
/// </summary>
public sealed partial class MeterWallet : IDisposable
{
    /// <summary>How many unissued keys past the next one are watched (a BIP 44 style gap limit).</summary>
    public const int Lookahead = 20;

    private readonly byte[] _seed;
    private readonly List<PrivateKey> _keys = [];
    private readonly Dictionary<Script, int> _scriptIndex = [];
    private readonly Dictionary<OutPoint, WalletCoin> _coins = [];
    private readonly HashSet<OutPoint> _reserved = [];

    public MeterWallet(ReadOnlySpan<byte> seed, Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (seed.Length != WalletKeyDerivation.SeedSize)
        {
            throw new ArgumentException($"A wallet seed is {WalletKeyDerivation.SeedSize} bytes, got {seed.Length}.", nameof(seed));
        }

        _seed = seed.ToArray();
        Network = network;
        ExtendKeys();
    }

    public Network Network { get; }

    /// <summary>The index <see cref="GetNewAddress"/> issues next.</summary>
    public int NextKeyIndex { get; private set; }

    /// <summary>The unspent coins seen on the scanned chain, including those reserved by a built transaction.</summary>
    public ImmutableArray<WalletCoin> Coins => [.. _coins.Values.OrderBy(coin => coin.Height).ThenBy(coin => coin.OutPoint.ToString(), StringComparer.Ordinal)];

    /// <summary>The sum of <see cref="Coins"/>.</summary>
    public Satoshis Balance => _coins.Values.Aggregate(Satoshis.Zero, (sum, coin) => sum + coin.Value);

    /// <summary>The coins not reserved by a transaction built but not yet seen spending them.</summary>
    public ImmutableArray<WalletCoin> SpendableCoins => [.. Coins.Where(coin => !_reserved.Contains(coin.OutPoint))];

    /// <summary>Issues the next receive address (bech32 P2WPKH, e.g. bcrt1q... on regtest).</summary>
    public SegwitAddress GetNewAddress()
    {
        int index = NextKeyIndex++;
        ExtendKeys();
        return GetAddress(index);
    }

    public SegwitAddress GetAddress(int index) =>
        new(Network, 0, Hashes.Hash160(KeyAt(index).PublicKey.AsSpan()));

    public Script GetScriptPubKey(int index) => StandardScripts.PayToWitnessPubKeyHashFromPublicKey(KeyAt(index).PublicKey.AsSpan());

    /// <summary>
    /// Applies one block of the best chain, in order: each transaction's inputs
    /// remove the wallet coins they spend, its outputs to wallet scripts add coins.
    /// </summary>
    public void ApplyBlock(int height, IReadOnlyList<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        foreach (Transaction transaction in transactions)
        {
            foreach (TxIn input in transaction.Inputs)
            {
                _coins.Remove(input.PrevOut);
                _reserved.Remove(input.PrevOut);
            }

            TxId txId = transaction.GetTxId();
            for (int index = 0; index < transaction.Outputs.Length; index++)
            {
                TxOut output = transaction.Outputs[index];
                if (_scriptIndex.TryGetValue(output.ScriptPubKey, out int keyIndex))
                {
                    var outPoint = new OutPoint(txId, (uint)index);
                    _coins[outPoint] = new WalletCoin(outPoint, output.Value, output.ScriptPubKey, keyIndex, height);
                    NextKeyIndex = Math.Max(NextKeyIndex, keyIndex + 1);
                    ExtendKeys();
                }
            }
        }
    }

    /// <summary>Forgets every coin and reservation, keeping the keys issued.</summary>
    public void ClearCoins()
    {
        _coins.Clear();
        _reserved.Clear();
    }

    /// <summary>Rebuilds the coins from bitcoind's active chain, blocks <paramref name="fromHeight"/> to the tip. Returns the tip height scanned.</summary>
    public Task<int> RescanAsync(BitcoindRpcClient rpc, int fromHeight, CancellationToken cancellationToken = default) =>
        RescanAsync(new BitcoindBlockSource(rpc), fromHeight, cancellationToken);

    /// <summary>
    /// Rebuilds the coins from <paramref name="source"/>'s best chain, from
    /// <paramref name="fromHeight"/> to its tip. When the chain reorganises during
    /// the scan (a block does not build on the previous one) the scan restarts.
    /// </summary>
    public async Task<int> RescanAsync(IBlockSource source, int fromHeight, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(fromHeight);
        while (true)
        {
            ClearCoins();
            int height = fromHeight;
            BlockHash? previous = null;
            bool consistent = true;
            while (await source.GetBlockHashAsync(height, cancellationToken).ConfigureAwait(false) is { } hash)
            {
                SourceBlock block = await source.GetBlockAsync(hash, cancellationToken).ConfigureAwait(false);
                if (previous is { } expected && block.PreviousBlockHash != expected)
                {
                    consistent = false;
                    break;
                }

                ApplyBlock(height, block.Transactions);
                previous = hash;
                height++;
            }

            if (consistent)
            {
                return height - 1;
            }
        }
    }

    public void Dispose()
    {
        Array.Clear(_seed);
        foreach (PrivateKey key in _keys)
        {
            key.Dispose();
        }

        _keys.Clear();
    }

    private PrivateKey KeyAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        while (_keys.Count <= index)
        {
            AddKey();
        }

        return _keys[index];
    }

    private void ExtendKeys()
    {
        while (_keys.Count < NextKeyIndex + Lookahead)
        {
            AddKey();
        }
    }

    private void AddKey()
    {
        int index = _keys.Count;
        PrivateKey key = WalletKeyDerivation.DeriveKey(_seed, index);
        _keys.Add(key);
        _scriptIndex[StandardScripts.PayToWitnessPubKeyHashFromPublicKey(key.PublicKey.AsSpan())] = index;
    }
}
