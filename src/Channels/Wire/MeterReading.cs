using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Channels.Wire;

/// <summary>
/// One reading of the buyer's meter (DESIGN.md decision 6): cumulative imported
/// energy in watt-hours, cumulative pulse count, and the unix time in seconds it
/// was taken. Version 1 is these three alone; version 2 adds a
/// <see cref="ReadingBinding"/> (chain, channel, provider, transfer, amount, exported
/// energy, previous reading). The meter signs <see cref="SigningHash"/>;
/// docs/PROTOCOL.md fixes the bytes of both versions.
/// </summary>
public readonly record struct MeterReading(ulong CumulativeWh, ulong PulseCount, ulong Timestamp)
{
    /// <summary>
    /// Prefixed to every signed version-1 reading so a meter signature can never be
    /// replayed as a signature over anything else (a transaction sighash, another
    /// protocol's message) that happens to share the 24 field bytes.
    /// </summary>
    public const string DomainTag = "microchannels/meter-reading/v1";

    /// <summary>The version-2 tag: a v2 signature can never verify as a v1 one, nor the reverse.</summary>
    public const string DomainTagV2 = "microchannels/meter-reading/v2";

    /// <summary>Three u64 fields.</summary>
    public const int FieldsLength = 24;

    /// <summary>
    /// chain_hash 32, channel_id 32, provider_node_id 33, transfer_id 8, amount_msat 8,
    /// import_wh 8, export_wh 8, pulse_count 8, timestamp 8, previous_reading_hash 32.
    /// </summary>
    public const int FieldsLengthV2 = ChainHash.Size + ChannelId.Size + Point.Size + (6 * 8) + Sha256Hash.Size;

    /// <summary>The version-2 fields; null for a version-1 reading.</summary>
    public ReadingBinding? Binding { get; init; }

    /// <summary>1 or 2.</summary>
    public int Version => Binding is null ? 1 : 2;

    /// <summary>A version-2 reading: the register's three values and what they are bound to.</summary>
    public static MeterReading V2(ulong importWh, ulong pulseCount, ulong timestamp, ReadingBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return new MeterReading(importWh, pulseCount, timestamp) { Binding = binding };
    }

    /// <summary>
    /// v1: ASCII(<see cref="DomainTag"/>) (30 bytes) || u64 cumulative_wh || u64
    /// pulse_count || u64 timestamp. v2: ASCII(<see cref="DomainTagV2"/>) || the
    /// <see cref="FieldsLengthV2"/> field bytes in <see cref="WriteV2"/>'s order.
    /// All big-endian as BOLT 1 encodes integers; every part has a fixed length,
    /// so each preimage is unambiguous.
    /// </summary>
    public byte[] SigningPreimage()
    {
        bool v2 = Binding is not null;
        string tag = v2 ? DomainTagV2 : DomainTag;
        var writer = new WireWriter(tag.Length + (v2 ? FieldsLengthV2 : FieldsLength));
        writer.WriteBytes(System.Text.Encoding.ASCII.GetBytes(tag));
        if (v2)
        {
            WriteV2(writer);
        }
        else
        {
            Write(writer);
        }

        return writer.ToArray();
    }

    /// <summary>
    /// SHA-256 of <see cref="SigningPreimage"/>: the 32 bytes the meter's key signs,
    /// and, for version 2, the hash the meter's next reading names as its predecessor.
    /// </summary>
    public Sha256Hash SigningHash() => new(Hashes.Sha256(SigningPreimage()));

    /// <summary>Reads the three version-1 fields.</summary>
    public static MeterReading Read(ref WireReader reader) => new(reader.ReadU64(), reader.ReadU64(), reader.ReadU64());

    /// <summary>Reads the version-2 fields in their signed order.</summary>
    public static MeterReading ReadV2(ref WireReader reader)
    {
        var chain = reader.ReadChainHash();
        var channel = reader.ReadChannelId();
        var provider = reader.ReadPoint();
        ulong transferId = reader.ReadU64();
        var amount = reader.ReadMilliSatoshis();
        ulong importWh = reader.ReadU64();
        ulong exportWh = reader.ReadU64();
        ulong pulses = reader.ReadU64();
        ulong timestamp = reader.ReadU64();
        var previous = reader.ReadSha256();
        return V2(importWh, pulses, timestamp, new ReadingBinding(chain, channel, provider, transferId, amount, exportWh, previous));
    }

    /// <summary>Writes the three version-1 fields.</summary>
    /// <exception cref="InvalidOperationException">The reading is version 2.</exception>
    public void Write(WireWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (Binding is not null)
        {
            throw new InvalidOperationException("A version-2 reading has no version-1 encoding; dropping its binding would unbind it.");
        }

        writer.WriteU64(CumulativeWh);
        writer.WriteU64(PulseCount);
        writer.WriteU64(Timestamp);
    }

    /// <summary>Writes the version-2 fields in their signed order.</summary>
    /// <exception cref="InvalidOperationException">The reading is version 1.</exception>
    public void WriteV2(WireWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var binding = Binding ?? throw new InvalidOperationException("A version-1 reading has no binding to write.");
        writer.Write(binding.ChainHash);
        writer.Write(binding.ChannelId);
        writer.Write(binding.ProviderNodeId);
        writer.WriteU64(binding.TransferId);
        writer.Write(binding.AmountMsat);
        writer.WriteU64(CumulativeWh);
        writer.WriteU64(binding.ExportWh);
        writer.WriteU64(PulseCount);
        writer.WriteU64(Timestamp);
        writer.Write(binding.PreviousReadingHash);
    }
}
