namespace Microchannels.Channels.Tests.Transport;

/// <summary>One named BOLT 8 vector: its key fields and its ordered input/output steps.</summary>
internal sealed class Bolt8Case(string name)
{
    public string Name { get; } = name;

    public Dictionary<string, string> Fields { get; } = [];

    public List<Bolt8Step> Steps { get; } = [];

    public byte[] Bytes(string field) => Bolt8Vectors.Hex(Fields[field]);
}
