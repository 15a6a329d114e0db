using Microchannels.Channels.Wire;

namespace Microchannels.Meter.Streaming;

/// <summary>How the meter pays as energy flows.</summary>
public sealed record PaymentStreamerOptions
{
    /// <summary>One transfer per interval, for the energy since the last.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    public PaymentMode Mode { get; init; } = PaymentMode.Postpay;

    /// <summary>Prepay: the most the meter pays ahead of the energy it took.</summary>
    public ulong PrepayCreditMsat { get; init; } = 100_000;

    /// <summary>How far beyond one interval's energy the provider may be owed before the supply is cut.</summary>
    public ulong AllowanceMsat { get; init; } = 50_000;

    /// <summary>How long a transfer may wait for the provider's acknowledgement before the supply is cut.</summary>
    public TimeSpan AcknowledgementTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The chain the channel is on; every reading names it (docs/PROTOCOL.md, "The signed reading, version 2").</summary>
    public ChainHash ChainHash { get; init; } = ChainHash.Regtest;

    /// <summary>The provider's node id; every reading names it, so none can be presented to another provider. Required.</summary>
    public Point? ProviderNodeId { get; init; }

    /// <exception cref="ArgumentOutOfRangeException">An interval under one second (readings are signed to the second and must move forward), or a non-positive timeout.</exception>
    /// <exception cref="ArgumentNullException">No <see cref="ProviderNodeId"/>: readings could not be bound to the provider.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Interval, TimeSpan.FromSeconds(1), nameof(Interval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AcknowledgementTimeout, TimeSpan.Zero, nameof(AcknowledgementTimeout));
        ArgumentNullException.ThrowIfNull(ProviderNodeId);
    }
}
