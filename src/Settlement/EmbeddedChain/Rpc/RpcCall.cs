using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NBitcoin;

namespace Microchannels.EmbeddedChain.Rpc;

/// <summary>One JSON-RPC call: its method, positional parameters and the wallet its URI names, with typed reads that fail as bitcoind does (-3, -8, -22).</summary>
public sealed class RpcCall(string method, JsonArray parameters, string? walletName)
{
    public string Method { get; } = method;

    /// <summary>The wallet of a <c>/wallet/&lt;name&gt;</c> URI, or null.</summary>
    public string? WalletName { get; } = walletName;

    public bool Has(int index) => index < parameters.Count && parameters[index] is not null;

    public bool IsBool(int index) => Has(index) && parameters[index]!.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    public string String(int index) =>
        Has(index) && parameters[index]!.GetValueKind() == JsonValueKind.String
            ? parameters[index]!.GetValue<string>()
            : throw new RpcException(RpcCodes.TypeError, $"JSON value of type {Kind(index)} is not of expected type string");

    public string? OptionalString(int index) => Has(index) ? String(index) : null;

    public long Integer(int index, long? fallback = null)
    {
        if (!Has(index))
        {
            return fallback ?? throw new RpcException(RpcCodes.MiscError, $"Missing required argument {index} of {Method}");
        }

        JsonNode node = parameters[index]!;
        return node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue(out long value)
            ? value
            : throw new RpcException(RpcCodes.TypeError, $"JSON value of type {Kind(index)} is not of expected type number");
    }

    public bool Bool(int index, bool fallback) => !Has(index) ? fallback : parameters[index]!.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new RpcException(RpcCodes.TypeError, $"JSON value of type {Kind(index)} is not of expected type bool"),
    };

    /// <summary>A BTC amount (a number or a numeric string) in satoshis, as AmountFromValue reads it.</summary>
    public long Amount(int index)
    {
        JsonNode node = parameters.Count > index ? parameters[index] ?? throw Missing(index) : throw Missing(index);
        decimal btc = node.GetValueKind() switch
        {
            JsonValueKind.Number => node.GetValue<decimal>(),
            JsonValueKind.String when decimal.TryParse(node.GetValue<string>(), NumberStyles.Number, CultureInfo.InvariantCulture, out decimal parsed) => parsed,
            _ => throw new RpcException(RpcCodes.TypeError, "Amount is not a number or string"),
        };
        decimal satoshis = btc * Money.COIN;
        return satoshis == decimal.Truncate(satoshis) && btc >= 0 && btc <= 21_000_000m
            ? (long)satoshis
            : throw new RpcException(RpcCodes.TypeError, satoshis < 0 ? "Amount out of range" : "Invalid amount");
    }

    public JsonArray Array(int index) =>
        Has(index) && parameters[index] is JsonArray array
            ? array
            : throw new RpcException(RpcCodes.TypeError, $"JSON value of type {Kind(index)} is not of expected type array");

    public uint256 Hash(int index, string name)
    {
        string text = String(index);
        return text.Length == 64 && uint256.TryParse(text, out uint256? hash)
            ? hash
            : throw new RpcException(RpcCodes.InvalidParameter, $"{name} must be of length 64 (not {text.Length}, for '{text}')");
    }

    public static Transaction DecodeTransaction(string hex)
    {
        try
        {
            return Transaction.Parse(hex, Network.RegTest);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or EndOfStreamException or InvalidOperationException)
        {
            throw new RpcException(RpcCodes.DeserializationError, "TX decode failed. Make sure the tx has at least one input.", e);
        }
    }

    public static BitcoinAddress DecodeAddress(string text)
    {
        try
        {
            return BitcoinAddress.Create(text, Network.RegTest);
        }
        catch (FormatException e)
        {
            throw new RpcException(RpcCodes.InvalidAddressOrKey, "Invalid address", e);
        }
    }

    private string Kind(int index) => !Has(index) ? "null" : parameters[index]!.GetValueKind().ToString().ToLowerInvariant();

    private RpcException Missing(int index) => new(RpcCodes.MiscError, $"Missing required argument {index} of {Method}");
}
