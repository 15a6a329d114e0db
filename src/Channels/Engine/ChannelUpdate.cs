namespace Microchannels.Channels.Engine;

/// <summary>
/// One change to the channel's balances that a <c>commitment_signed</c> will
/// commit (BOLT 2 "Normal Operation"). Microchannels has two: a streamed transfer
/// (DESIGN.md decision 2) and a fee update. Which side proposed it is given by the
/// <see cref="ChangeSet"/> it sits in.
/// </summary>
public abstract record ChannelUpdate;
