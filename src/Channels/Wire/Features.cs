namespace Microchannels.Channels.Wire;

/// <summary>
/// The features this implementation knows: BOLT 9's assignments that matter to
/// a direct channel, plus our own `option_streamed_transfer`. Known only names
/// a bit; whether we support it is what our local `init` features say.
/// </summary>
public static class Features
{
    /// <summary>BOLT 9: 0/1, ASSUMED. We always send and parse the data-loss-protect fields of `channel_reestablish`.</summary>
    public static Feature DataLossProtect { get; } = new("option_data_loss_protect", 0);

    public static Feature UpfrontShutdownScript { get; } = new("option_upfront_shutdown_script", 4);

    public static Feature VarOnionOptin { get; } = new("var_onion_optin", 8);

    /// <summary>
    /// BOLT 9: 12/13. DESIGN.md decision 1 builds every commitment with
    /// option_static_remotekey, so we set and require bit 12. BOLT 9 now lists the
    /// feature as ASSUMED; we still insist on seeing it from the peer (BOLT 1 lets a
    /// node close a connection it cannot use), see <see cref="FeatureNegotiation"/>.
    /// </summary>
    public static Feature StaticRemoteKey { get; } = new("option_static_remotekey", 12);

    public static Feature PaymentSecret { get; } = new("payment_secret", 14);

    public static Feature BasicMpp { get; } = new("basic_mpp", 16);

    public static Feature SupportLargeChannel { get; } = new("option_support_large_channel", 18);

    public static Feature Anchors { get; } = new("option_anchors", 22);

    public static Feature ShutdownAnySegwit { get; } = new("option_shutdown_anysegwit", 26);

    public static Feature ChannelType { get; } = new("option_channel_type", 44);

    public static Feature ScidAlias { get; } = new("option_scid_alias", 46);

    public static Feature Zeroconf { get; } = new("option_zeroconf", 50);

    public static Feature SimpleClose { get; } = new("option_simple_close", 60);

    /// <summary>
    /// Ours (DESIGN.md decision 2, docs/PROTOCOL.md): the peer understands
    /// `update_transfer`. Bits 326/327. bLIP 2 ("Reserved values", Feature bits)
    /// reserves 0-255 for BOLTs and says others "must use feature bits above that
    /// range"; 256-263 and 729 are already reserved there (256/257
    /// hosted_channels, 258/259 dns_resolver, 260/261 htlc_endorsement, 262/263
    /// bolt11_blinded_path, 729 option_supports_lsps), so the pair was drawn at
    /// random from the free even bits in 264..502, keeping `init` features to at
    /// most 41 bytes. We advertise the odd bit: BOLT 1's "it's ok to be odd" lets
    /// ordinary Lightning nodes ignore it.
    /// </summary>
    public static Feature StreamedTransfer { get; } = new("option_streamed_transfer", 326);

    public static IReadOnlyList<Feature> Known { get; } =
    [
        DataLossProtect, UpfrontShutdownScript, VarOnionOptin, StaticRemoteKey, PaymentSecret, BasicMpp,
        SupportLargeChannel, Anchors, ShutdownAnySegwit, ChannelType, ScidAlias, Zeroconf, SimpleClose,
        StreamedTransfer,
    ];

    /// <summary>
    /// Our default `init` features: data_loss_protect and channel_type optional
    /// (BOLT 9 marks both ASSUMED; we implement their fields), static_remotekey
    /// required, streamed_transfer optional.
    /// </summary>
    public static FeatureBits LocalDefault { get; } = FeatureBits.FromBits(
        DataLossProtect.OptionalBit,
        StaticRemoteKey.RequiredBit,
        ChannelType.OptionalBit,
        StreamedTransfer.OptionalBit);

    /// <summary>The known feature that owns <paramref name="bit"/>, or null.</summary>
    public static Feature? Find(int bit) => Known.FirstOrDefault(f => f.RequiredBit == bit - (bit % 2));

    /// <summary>
    /// BOLT 9's Dependencies column (and ours): a vector offering the feature
    /// MUST also offer these ("MUST set all transitive feature dependencies").
    /// </summary>
    public static IReadOnlyList<Feature> DependenciesOf(Feature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        if (feature == BasicMpp)
        {
            return [PaymentSecret];
        }

        if (feature == Zeroconf)
        {
            return [ScidAlias];
        }

        if (feature == SimpleClose)
        {
            return [ShutdownAnySegwit];
        }

        // Ours: update_transfer moves balances on BOLT 3 commitments built with static_remotekey.
        return feature == StreamedTransfer ? [StaticRemoteKey] : [];
    }
}
