using System.Diagnostics.CodeAnalysis;

namespace Microchannels.Channels.Wire;

/// <summary>Either the negotiated features or the reason there are none (STYLE.md #3: a reason, not a throw).</summary>
public sealed record FeatureNegotiationResult
{
    private FeatureNegotiationResult(FeatureBits? negotiated, FeatureNegotiationError? error)
    {
        Negotiated = negotiated;
        Error = error;
    }

    /// <summary>
    /// One bit per negotiated feature pair: the even bit if either side required
    /// it, the odd bit otherwise. Test with <see cref="FeatureBits.Offers"/>.
    /// </summary>
    public FeatureBits? Negotiated { get; }

    public FeatureNegotiationError? Error { get; }

    [MemberNotNullWhen(true, nameof(Negotiated))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static FeatureNegotiationResult Success(FeatureBits negotiated)
    {
        ArgumentNullException.ThrowIfNull(negotiated);
        return new(negotiated, null);
    }

    public static FeatureNegotiationResult Failure(FeatureNegotiationError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, error);
    }
}
