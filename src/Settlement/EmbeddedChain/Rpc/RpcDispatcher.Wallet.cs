using System.Text.Json.Nodes;
using NBitcoin;
using Microchannels.EmbeddedChain.Validation;
using Microchannels.EmbeddedChain.Wallet;

namespace Microchannels.EmbeddedChain.Rpc;

/// <summary>
/// The wallet calls a regtest harness makes (wallet/rpc/*.cpp), over <see cref="NodeWallet"/>:
/// which wallet a call addresses follows bitcoind's multiwallet rules (wallet/rpc/util.cpp
/// GetWalletForJSONRPCRequest).
/// </summary>
public sealed partial class RpcDispatcher
{
    /// <summary>The wallet's fee rate without fee data: the harness's <c>-fallbackfee=0.0002</c> BTC/kvB.</summary>
    public long FallbackFeeRate { get; init; } = 20_000;

    private IEnumerable<string> Wallets()
    {
        lock (_wallets)
        {
            return [.. _wallets.Keys.Order(StringComparer.Ordinal)];
        }
    }

    private NodeWallet WalletFor(RpcCall call)
    {
        lock (_wallets)
        {
            if (call.WalletName is { } name)
            {
                return _wallets.GetValueOrDefault(name)
                    ?? throw new RpcException(RpcCodes.WalletNotFound, "Requested wallet does not exist or is not loaded");
            }

            return _wallets.Count switch
            {
                1 => _wallets.Values.Single(),
                0 => throw new RpcException(RpcCodes.WalletNotFound, "No wallet is loaded. Load a wallet using loadwallet or create a new one with createwallet. (Note: A default wallet is no longer automatically created)"),
                _ => throw new RpcException(RpcCodes.WalletNotSpecified, "Multiple wallets are loaded. Please select which wallet to use by requesting the RPC through the /wallet/<walletname> URI path."),
            };
        }
    }

    private string? WalletDirectory(string name) => _walletsDirectory is null ? null : Path.Combine(_walletsDirectory, name);

    private JsonNode CreateWallet(RpcCall call)
    {
        string name = call.String(0);
        lock (_wallets)
        {
            string? directory = WalletDirectory(name);
            if (_wallets.ContainsKey(name) || (directory is not null && NodeWallet.Exists(directory)))
            {
                throw new RpcException(RpcCodes.WalletError, $"Wallet file verification failed. Failed to create database path '{directory ?? name}'. Database already exists.");
            }

            _wallets[name] = NodeWallet.Create(name, directory);
        }

        return new JsonObject { ["name"] = name };
    }

    private JsonNode LoadWallet(RpcCall call)
    {
        string name = call.String(0);
        lock (_wallets)
        {
            if (_wallets.ContainsKey(name))
            {
                throw new RpcException(RpcCodes.WalletAlreadyLoaded, $"Wallet \"{name}\" is already loaded.");
            }

            string? directory = WalletDirectory(name);
            if (directory is null || !NodeWallet.Exists(directory))
            {
                throw new RpcException(RpcCodes.WalletNotFound, $"Wallet file verification failed. Failed to load database path '{directory ?? name}'. Path does not exist.");
            }

            _wallets[name] = NodeWallet.Load(name, directory);
        }

        return new JsonObject { ["name"] = name };
    }

    /// <summary>Loads every wallet kept in the data directory (bitcoind loads those in its settings at start).</summary>
    public void LoadStoredWallets()
    {
        if (_walletsDirectory is null || !Directory.Exists(_walletsDirectory))
        {
            return;
        }

        lock (_wallets)
        {
            foreach (string directory in Directory.GetDirectories(_walletsDirectory))
            {
                string name = Path.GetFileName(directory);
                if (NodeWallet.Exists(directory) && !_wallets.ContainsKey(name))
                {
                    _wallets[name] = NodeWallet.Load(name, directory);
                }
            }
        }
    }

    private JsonNode GetNewAddress(RpcCall call)
    {
        string type = call.OptionalString(1) ?? "bech32";
        if (type != "bech32")
        {
            throw new RpcException(RpcCodes.InvalidAddressOrKey, $"Unknown address type '{type}' (the simulated wallet makes bech32 addresses only)");
        }

        NodeWallet wallet = WalletFor(call);
        lock (Node.Gate)
        {
            return wallet.NewAddress().ToString();
        }
    }

    /// <summary>The trusted, mature balance, as bitcoind's getbalance.</summary>
    private JsonNode GetBalance(RpcCall call)
    {
        NodeWallet wallet = WalletFor(call);
        long total = Node.CoinsOf(wallet).Where(coin => coin.Mature && coin.Trusted).Sum(coin => coin.Output.Value.Satoshi);
        return JsonViews.Amount(total);
    }

    private JsonNode ListUnspent(RpcCall call)
    {
        NodeWallet wallet = WalletFor(call);
        long minimum = call.Integer(0, 1);
        long maximum = call.Integer(1, 9_999_999);
        HashSet<Script>? only = null;
        if (call.Has(2))
        {
            only = [];
            foreach (JsonNode? item in call.Array(2))
            {
                string text = item?.GetValue<string>() ?? string.Empty;
                try
                {
                    only.Add(BitcoinAddress.Create(text, Network.RegTest).ScriptPubKey);
                }
                catch (FormatException e)
                {
                    throw new RpcException(RpcCodes.InvalidAddressOrKey, $"Invalid Bitcoin address: {text}", e);
                }
            }
        }

        var list = new JsonArray();
        foreach (WalletCoin coin in Node.CoinsOf(wallet).Where(c => c.Mature && c.Confirmations >= minimum && c.Confirmations <= maximum))
        {
            if (only is not null && !only.Contains(coin.Output.ScriptPubKey))
            {
                continue;
            }

            list.Add(new JsonObject
            {
                ["txid"] = coin.OutPoint.Hash.ToString(),
                ["vout"] = coin.OutPoint.N,
                ["address"] = coin.Output.ScriptPubKey.GetDestinationAddress(Network.RegTest)?.ToString(),
                ["label"] = string.Empty,
                ["scriptPubKey"] = coin.Output.ScriptPubKey.ToHex(),
                ["amount"] = JsonViews.Amount(coin.Output.Value.Satoshi),
                ["confirmations"] = coin.Confirmations,
                ["spendable"] = true,
                ["solvable"] = true,
                ["safe"] = coin.Trusted,
            });
        }

        return list;
    }

    private JsonNode SendToAddress(RpcCall call)
    {
        NodeWallet wallet = WalletFor(call);
        Script destination = RpcCall.DecodeAddress(call.String(0)).ScriptPubKey;
        long amount = call.Amount(1);
        if (amount <= 0)
        {
            throw new RpcException(RpcCodes.TypeError, "Invalid amount for send");
        }

        try
        {
            var (tx, decision) = Node.Send(wallet, destination, Money.Satoshis(amount), FallbackFeeRate);
            return decision.Rejection is { } rejection
                ? throw new RpcException(RpcCodes.WalletError, $"The transaction was rejected by the memory pool: {rejection}")
                : tx.GetHash().ToString();
        }
        catch (NotEnoughFundsException e)
        {
            throw new RpcException(RpcCodes.WalletInsufficientFunds, "Insufficient funds", e);
        }
    }
}
