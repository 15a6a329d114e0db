using System.Text.Json;

namespace Microchannels.Settlement.Rpc;

/// <summary>
/// Builds a JSON-RPC 1.0 request body: <c>{"jsonrpc":"1.0","id":n,"method":m,"params":[...]}</c>.
/// bitcoind reads "1.0" as its legacy protocol (rpc/request.cpp
/// JSONRPCRequest::parse), in which an error comes back with HTTP 500 (404 for
/// an unknown method) and a body holding the error object.
/// </summary>
internal static class JsonRpcRequest
{
    public static byte[] Build(long id, string method, IReadOnlyList<object?> parameters)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "1.0");
            writer.WriteNumber("id", id);
            writer.WriteString("method", method);
            writer.WriteStartArray("params");
            foreach (object? parameter in TrimTrailingOmitted(parameters))
            {
                WriteValue(writer, parameter);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Optional arguments at the end are left out so bitcoind applies its own
    /// defaults; one in the middle is sent as null, which bitcoind also reads as
    /// "use the default" (RPCHelpMan, positional arguments).
    /// </summary>
    private static IEnumerable<object?> TrimTrailingOmitted(IReadOnlyList<object?> parameters)
    {
        int count = parameters.Count;
        while (count > 0 && parameters[count - 1] is null)
        {
            count--;
        }

        return parameters.Take(count);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case decimal amount:
                // Written from the decimal's digits, never through a double, so
                // 0.1 BTC is sent as 0.1 and not 0.1000000000000000055.
                writer.WriteNumberValue(amount);
                break;
            case IEnumerable<string> items:
                writer.WriteStartArray();
                foreach (string item in items)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"No JSON-RPC encoding for a {value.GetType().Name} parameter.", nameof(value));
        }
    }
}
