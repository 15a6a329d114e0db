namespace Microchannels.Channels.Wire;

/// <summary>Why two `init` feature vectors cannot work together (BOLT 1, "The init Message").</summary>
public enum FeatureNegotiationErrorKind
{
    /// <summary>BOLT 1: "upon receiving unknown even feature bits that are non-zero: MUST close the connection".</summary>
    RemoteRequiresUnsupportedFeature,

    /// <summary>We set a feature's even bit and the peer offers neither bit of it.</summary>
    RemoteLacksRequiredFeature,

    /// <summary>BOLT 1: "if the feature vector does not set all known, transitive dependencies: MUST close the connection".</summary>
    RemoteMissingDependency,
}
