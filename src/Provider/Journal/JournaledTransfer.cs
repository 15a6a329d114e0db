using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Wire;

namespace Microchannels.Provider.Journal;

/// <summary>
/// One irrevocably committed transfer as the journal holds it. <paramref name="Sequence"/>
/// is 0 while the transfer is only prepared (its commitment not yet durable).
/// </summary>
public sealed record JournaledTransfer(
    ulong Sequence,
    ChannelId ChannelId,
    PublicKey Meter,
    JournalDirection Direction,
    ulong TransferId,
    ulong AmountMsat,
    SignedMeterReading Reading,
    ulong LocalCommitmentNumber,
    long CommittedAtMs);
