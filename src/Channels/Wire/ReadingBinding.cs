namespace Microchannels.Channels.Wire;

/// <summary>
/// What a version-2 meter reading binds beyond the register (docs/PROTOCOL.md,
/// "The signed reading, version 2"): the chain, the channel and the provider it
/// pays, the transfer and amount that pay for it, the exported energy, and the
/// hash of the meter's previous reading. With these signed, a reading cannot be
/// replayed on another channel, to another provider or for another amount, and
/// none can be dropped or reordered without breaking the chain.
/// </summary>
/// <param name="PreviousReadingHash">
/// The <see cref="MeterReading.SigningHash"/> of the meter's previous reading, on
/// whichever channel it was; 32 zero bytes for the meter's very first reading.
/// </param>
public sealed record ReadingBinding(
    ChainHash ChainHash,
    ChannelId ChannelId,
    Point ProviderNodeId,
    ulong TransferId,
    MilliSatoshis AmountMsat,
    ulong ExportWh,
    Sha256Hash PreviousReadingHash)
{
    /// <summary>The predecessor of a meter's first reading ever.</summary>
    public static Sha256Hash Genesis { get; } = new(new byte[Sha256Hash.Size]);
}
