using System.Collections.Immutable;
using System.Text.Json;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Settlement.Rpc;

/// <summary>
/// Typed reads from a bitcoind result. Every missing field or wrong type throws
/// <see cref="BitcoindProtocolException"/> naming the method and field, so a
/// changed bitcoind reply fails loudly instead of as a NullReference later.
/// </summary>
internal readonly struct RpcJson
{
    private readonly JsonElement _element;
    private readonly string _method;
    private readonly string _path;

    public RpcJson(JsonElement element, string method, string path = "result")
    {
        _element = element;
        _method = method;
        _path = path;
    }

    public JsonElement Element => _element;

    public string Method => _method;

    public bool IsNull => _element.ValueKind == JsonValueKind.Null;

    public RpcJson Property(string name)
    {
        RequireKind(JsonValueKind.Object);
        if (!_element.TryGetProperty(name, out JsonElement value))
        {
            throw Fail($"has no field \"{name}\"");
        }

        return new RpcJson(value, _method, $"{_path}.{name}");
    }

    public RpcJson? OptionalProperty(string name)
    {
        RequireKind(JsonValueKind.Object);
        return _element.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null
            ? new RpcJson(value, _method, $"{_path}.{name}")
            : null;
    }

    public ImmutableArray<RpcJson> Items()
    {
        RequireKind(JsonValueKind.Array);
        var builder = ImmutableArray.CreateBuilder<RpcJson>(_element.GetArrayLength());
        int index = 0;
        foreach (JsonElement item in _element.EnumerateArray())
        {
            builder.Add(new RpcJson(item, _method, $"{_path}[{index++}]"));
        }

        return builder.MoveToImmutable();
    }

    public string String()
    {
        RequireKind(JsonValueKind.String);
        return _element.GetString()!;
    }

    public bool Bool() => _element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Fail($"is {_element.ValueKind}, expected a boolean"),
    };

    public int Int32()
    {
        RequireKind(JsonValueKind.Number);
        return _element.TryGetInt32(out int value) ? value : throw Fail($"{_element.GetRawText()} is not a 32-bit integer");
    }

    public long Int64()
    {
        RequireKind(JsonValueKind.Number);
        return _element.TryGetInt64(out long value) ? value : throw Fail($"{_element.GetRawText()} is not a 64-bit integer");
    }

    /// <summary>Numbers that are not money (difficulty, verification progress) may be doubles.</summary>
    public double Double()
    {
        RequireKind(JsonValueKind.Number);
        return _element.GetDouble();
    }

    /// <summary>A BTC amount, converted exactly (see <see cref="BtcAmount"/>).</summary>
    public Satoshis Btc()
    {
        RequireKind(JsonValueKind.Number);
        if (!_element.TryGetDecimal(out decimal btc))
        {
            throw Fail($"{_element.GetRawText()} is not a decimal amount");
        }

        return BtcAmount.TryToSatoshis(btc, out Satoshis satoshis, out string error) ? satoshis : throw Fail(error);
    }

    public TxId TxId() => Parse(static text => Bitcoin.Transactions.TxId.Parse(text), "a txid");

    public BlockHash BlockHash() => Parse(Rpc.BlockHash.Parse, "a block hash");

    public Script Script() => Parse(Bitcoin.Scripts.Script.FromHex, "script hex");

    public Transaction Transaction() => Parse(TransactionSerializer.ParseHex, "a transaction");

    public byte[] Hex() => Parse(static text => Convert.FromHexString(text), "hex");

    public ImmutableArray<string> Strings() => [.. Items().Select(item => item.String())];

    /// <summary>Warnings were a string before Bitcoin Core v28 (and "warning" in createwallet before v26), an array since.</summary>
    public ImmutableArray<string> StringOrStrings() => _element.ValueKind switch
    {
        JsonValueKind.String => _element.GetString() is { Length: > 0 } text ? [text] : [],
        _ => Strings(),
    };

    public BitcoindProtocolException Fail(string problem) =>
        new($"bitcoind {_method} reply: {_path} {problem.TrimEnd('.')}.") { Method = _method };

    private T Parse<T>(Func<string, T> parse, string what)
    {
        string text = String();
        try
        {
            return parse(text);
        }
        catch (FormatException e)
        {
            throw new BitcoindProtocolException($"bitcoind {_method} reply: {_path} is not {what}: {e.Message}", e) { Method = _method };
        }
    }

    private void RequireKind(JsonValueKind kind)
    {
        if (_element.ValueKind != kind)
        {
            throw Fail($"is {_element.ValueKind}, expected {kind}");
        }
    }
}
