using System.Text.Json;

namespace Microchannels.Settlement.Tests.Support;

/// <summary>What <see cref="FakeBitcoind"/> answers to one request.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body; a JSON-RPC reply's "id":7 is replaced by the request's id.</param>
/// <param name="Delay">Wait this long before answering.</param>
/// <param name="Abort">Drop the connection instead of answering.</param>
/// <param name="Hold">Answer only once this task completes (the next request waits too).</param>
public sealed record FakeReply(int Status, string Body, TimeSpan Delay = default, bool Abort = false, Task? Hold = null)
{
    /// <summary>A recorded success reply (HTTP 200).</summary>
    public static FakeReply Recorded(string reply) => new(200, reply);

    /// <summary>A recorded error reply: bitcoind sends JSON-RPC 1.0 errors with HTTP 500.</summary>
    public static FakeReply RecordedError(string reply) => new(500, reply);

    public static FakeReply Result(string resultJson) => new(200, $$"""{"result":{{resultJson}},"error":null,"id":7}""");

    /// <summary>A JSON-RPC error object as bitcoind's JSONErrorReply writes it (HTTP 500, or 404 for -32601).</summary>
    public static FakeReply Error(int code, string message, int status = 500) =>
        new(status, $$"""{"result":null,"error":{"code":{{code}},"message":{{JsonSerializer.Serialize(message)}}},"id":7}""");

    public static FakeReply Plain(int status, string text) => new(status, text);

    public static FakeReply Dropped() => new(0, string.Empty, Abort: true);
}
