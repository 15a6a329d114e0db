namespace Microchannels.Channels.Wire;

/// <summary>
/// A failed negotiation: the caller closes the connection (BOLT 1). <see cref="Bit"/>
/// is the offending bit; <see cref="Feature"/> names it when we know it.
/// </summary>
public sealed record FeatureNegotiationError(FeatureNegotiationErrorKind Kind, int Bit, Feature? Feature, string Description)
{
    public override string ToString() => $"{Kind}: {Description}";
}
