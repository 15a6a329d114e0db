namespace Microchannels.Channels.Wire;

/// <summary>
/// Applies BOLT 1, "The init Message", to our features and the peer's combined
/// (global OR local) features.
/// </summary>
public static class FeatureNegotiation
{
    /// <summary>
    /// Checks, in order: every even bit the peer sets is a feature we offer (BOLT 1:
    /// unknown even bits close the connection; a known feature we do not offer is,
    /// to us, unknown); every feature we require the peer offers (stricter than BOLT
    /// 1's "negotiated" definition, which lets a node assume support for its own
    /// even bits: our peers are our own meters and providers, and a silent peer
    /// would build commitments we cannot recognise); and the peer's vector sets
    /// the known dependencies of what it offers. A feature is negotiated when both
    /// sides offer it, BOLT 1's definition once our required bits are known to be offered.
    /// option_static_remotekey counts as offered by a peer that offers option_channel_type
    /// (BOLT 9 ASSUMED; see <see cref="OffersOrAssumes"/>).
    /// </summary>
    public static FeatureNegotiationResult Negotiate(FeatureBits local, FeatureBits remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        foreach (int bit in remote.SetBits())
        {
            if (bit % 2 == 0 && !local.IsSet(bit) && !local.IsSet(bit + 1))
            {
                var known = Features.Find(bit);
                return Fail(FeatureNegotiationErrorKind.RemoteRequiresUnsupportedFeature, bit, known,
                    $"The peer requires bit {bit} ({known?.Name ?? "unknown"}), which we do not support.");
            }
        }

        foreach (int bit in local.SetBits())
        {
            if (bit % 2 == 0 && !OffersOrAssumes(remote, bit))
            {
                var known = Features.Find(bit);
                return Fail(FeatureNegotiationErrorKind.RemoteLacksRequiredFeature, bit, known,
                    $"We require bit {bit} ({known?.Name ?? "custom"}) and the peer offers neither {bit} nor {bit + 1}.");
            }
        }

        foreach (var feature in Features.Known.Where(remote.Offers))
        {
            foreach (var dependency in Features.DependenciesOf(feature).Where(d => !OffersOrAssumes(remote, d.RequiredBit)))
            {
                return Fail(FeatureNegotiationErrorKind.RemoteMissingDependency, dependency.RequiredBit, dependency,
                    $"The peer offers {feature.Name} without its dependency {dependency.Name}.");
            }
        }

        // Walk our own (small) vector rather than the peer's, which may be 65535 bytes.
        var negotiated = new List<int>();
        foreach (int bit in local.SetBits().Select(b => b - (b % 2)).Distinct())
        {
            if (OffersOrAssumes(remote, bit))
            {
                bool required = local.IsSet(bit) || remote.IsSet(bit) || !remote.IsSet(bit + 1);
                negotiated.Add(required ? bit : bit + 1);
            }
        }

        return FeatureNegotiationResult.Success(FeatureBits.FromBits(negotiated.ToArray()));
    }

    /// <summary>
    /// The peer offers the feature whose even bit is <paramref name="evenBit"/>. BOLT 9 lists
    /// option_static_remotekey as ASSUMED ("can be safely ignored"), so a peer may leave
    /// bits 12/13 unset; we take it as offered when the peer offers option_channel_type,
    /// because then every open_channel and accept_channel states the commitment format and
    /// a channel_type other than static_remotekey fails the channel (BOLT 2, OpeningChecks).
    /// </summary>
    private static bool OffersOrAssumes(FeatureBits remote, int evenBit) =>
        remote.IsSet(evenBit) || remote.IsSet(evenBit + 1)
        || (evenBit == Features.StaticRemoteKey.RequiredBit && remote.Offers(Features.ChannelType));

    private static FeatureNegotiationResult Fail(FeatureNegotiationErrorKind kind, int bit, Feature? feature, string description) =>
        FeatureNegotiationResult.Failure(new FeatureNegotiationError(kind, bit, feature, description));
}
