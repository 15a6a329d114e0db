namespace Microchannels.Channels.Tests.Transport;

/// <summary>One <c>input:</c> or <c>output:</c> line of a BOLT 8 vector.</summary>
internal sealed record Bolt8Step(bool IsInput, string Value)
{
    public bool IsError => Value.StartsWith("ERROR", StringComparison.Ordinal);
}
