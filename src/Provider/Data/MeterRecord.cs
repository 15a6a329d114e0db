using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Provider.Data;

/// <summary>A meter on the allow-list: its BOLT 8 node id, its reading key if pinned, a label, when it was added.</summary>
public sealed record MeterRecord(PublicKey NodeId, PublicKey? ReadingKey, string Label, long AddedAtMs);
