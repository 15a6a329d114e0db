using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Channels.Wire;

/// <summary>
/// One reading of the buyer's meter (DESIGN.md decision 6): cumulative energy in
/// watt-hours, cumulative pulse count, and the unix time in seconds it was taken.
/// The meter signs <see cref="SigningHash"/>; docs/PROTOCOL.md fixes the bytes.
/// </summary>
public readonly record struct MeterReading(ulong CumulativeWh, ulong PulseCount, ulong Timestamp)
{
    /// <summary>
    /// Prefixed to every signed reading so a meter signature can never be replayed
    /// as a signature over anything else (a transaction sighash, another protocol's
    /// message) that happens to share the 24 field bytes. "v1" leaves room to
    /// change the layout without old signatures verifying under the new one.
    /// </summary>
    public const string DomainTag = "microchannels/meter-reading/v1";

    /// <summary>Three u64 fields.</summary>
    public const int FieldsLength = 24;

    /// <summary>
    /// ASCII(<see cref="DomainTag"/>) (30 bytes) || u64 cumulative_wh || u64
    /// pulse_count || u64 timestamp, all big-endian as BOLT 1 encodes integers.
    /// Every part has a fixed length, so the preimage is unambiguous.
    /// </summary>
    public byte[] SigningPreimage()
    {
        var writer = new WireWriter(DomainTag.Length + FieldsLength);
        writer.WriteBytes(System.Text.Encoding.ASCII.GetBytes(DomainTag));
        Write(writer);
        return writer.ToArray();
    }

    /// <summary>SHA-256 of <see cref="SigningPreimage"/>: the 32 bytes the meter's key signs.</summary>
    public Sha256Hash SigningHash() => new(Hashes.Sha256(SigningPreimage()));

    public static MeterReading Read(ref WireReader reader) => new(reader.ReadU64(), reader.ReadU64(), reader.ReadU64());

    public void Write(WireWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteU64(CumulativeWh);
        writer.WriteU64(PulseCount);
        writer.WriteU64(Timestamp);
    }
}
