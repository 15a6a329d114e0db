namespace Microchannels.Channels.Transactions;

/// <summary>What a commitment transaction output pays (BOLT 3 "Commitment Transaction Outputs").</summary>
public enum CommitmentOutputKind
{
    ToLocal,
    ToRemote,
    OfferedHtlc,
    ReceivedHtlc,
}
