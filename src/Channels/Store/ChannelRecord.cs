namespace Microchannels.Channels.Store;

/// <summary>
/// One channel's serialized state as the shell persists it after each step of the
/// state machine. <paramref name="Version"/> is the channel's step counter: every
/// save must carry a larger one than the record it replaces (see
/// <see cref="StaleChannelWriteException"/>). <paramref name="State"/> is opaque to
/// the store. Equality of <see cref="ReadOnlyMemory{T}"/> is by reference, so
/// compare <c>State.Span</c> when comparing contents.
/// </summary>
public sealed record ChannelRecord(ChannelKey ChannelId, ulong Version, ReadOnlyMemory<byte> State);
