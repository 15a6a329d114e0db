using System.Text.Json;

namespace Microchannels.Settlement.Tests.Support;

/// <summary>A request as <see cref="FakeBitcoind"/> received it.</summary>
internal sealed record RecordedRequest(string HttpMethod, string Path, string? Authorization, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Method => Json.GetProperty("method").GetString()!;

    public long Id => Json.GetProperty("id").GetInt64();

    /// <summary>The "params" array as compact JSON text, e.g. <c>["abc",1]</c>.</summary>
    public string Params => Json.GetProperty("params").GetRawText();
}
