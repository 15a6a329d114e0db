using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>BOLT 1, "The init Message", receiving-node requirements, applied by <see cref="FeatureNegotiation"/>.</summary>
public class FeatureNegotiationTests
{
    private static readonly FeatureBits Local = Features.LocalDefault;

    [Fact]
    public void Peer_with_our_features_negotiates_them()
    {
        var result = FeatureNegotiation.Negotiate(Local, FeatureBits.FromBits(1, 12, 45, 327));

        Assert.True(result.IsSuccess);
        Assert.Equal([1, 12, 45, 327], result.Negotiated.SetBits());
        Assert.True(result.Negotiated.Offers(Features.StreamedTransfer));
    }

    [Fact]
    public void Peer_missing_static_remotekey_and_channel_type_is_rejected()
    {
        var result = FeatureNegotiation.Negotiate(Local, FeatureBits.FromBits(1, 327));

        Assert.False(result.IsSuccess);
        Assert.Equal(FeatureNegotiationErrorKind.RemoteLacksRequiredFeature, result.Error.Kind);
        Assert.Equal(12, result.Error.Bit);
        Assert.Same(Features.StaticRemoteKey, result.Error.Feature);
    }

    [Fact]
    public void Peer_that_assumes_static_remotekey_and_offers_channel_type_is_accepted()
    {
        // BOLT 9 marks option_static_remotekey ASSUMED, so a peer may leave bits 12/13 unset. With
        // option_channel_type every open_channel/accept_channel states the commitment format, and
        // OpeningChecks.ChannelType fails any channel that is not static_remotekey (docs/PROTOCOL.md).
        var result = FeatureNegotiation.Negotiate(Local, FeatureBits.FromBits(1, 45, 327));

        Assert.True(result.IsSuccess);
        Assert.True(result.Negotiated.Requires(Features.StaticRemoteKey));
        Assert.True(result.Negotiated.Offers(Features.StreamedTransfer));
        Assert.True(result.Negotiated.Offers(Features.ChannelType));
    }

    [Fact]
    public void Peer_offering_static_remotekey_as_optional_is_enough()
    {
        var result = FeatureNegotiation.Negotiate(Local, FeatureBits.FromBits(13));

        Assert.True(result.IsSuccess);
        Assert.True(result.Negotiated.Requires(Features.StaticRemoteKey)); // we required it
        Assert.False(result.Negotiated.Offers(Features.StreamedTransfer));
    }

    [Theory]
    [InlineData(100)] // unassigned
    [InlineData(22)] // option_anchors: known to BOLT 9, not supported by us
    [InlineData(600)] // a custom bit we have never heard of
    public void Peer_requiring_a_bit_we_do_not_offer_is_rejected(int evenBit)
    {
        var result = FeatureNegotiation.Negotiate(Local, FeatureBits.FromBits(12, evenBit));

        Assert.False(result.IsSuccess);
        Assert.Equal(FeatureNegotiationErrorKind.RemoteRequiresUnsupportedFeature, result.Error.Kind);
        Assert.Equal(evenBit, result.Error.Bit);
    }

    [Theory]
    [InlineData(101)]
    [InlineData(23)]
    [InlineData(601)]
    public void Peer_offering_an_unknown_odd_bit_is_fine(int oddBit)
    {
        var result = FeatureNegotiation.Negotiate(Local, FeatureBits.FromBits(12, oddBit));

        Assert.True(result.IsSuccess);
        Assert.False(result.Negotiated.IsSet(oddBit));
    }

    [Fact]
    public void Peer_requiring_our_optional_feature_negotiates_it_as_required()
    {
        var result = FeatureNegotiation.Negotiate(Local, FeatureBits.FromBits(12, Features.StreamedTransfer.RequiredBit));

        Assert.True(result.IsSuccess);
        Assert.True(result.Negotiated.Requires(Features.StreamedTransfer));
    }

    [Fact]
    public void Peer_offering_streamed_transfer_must_offer_static_remotekey()
    {
        var local = FeatureBits.FromBits(13, 327);

        var result = FeatureNegotiation.Negotiate(local, FeatureBits.FromBits(327));

        Assert.False(result.IsSuccess);
        Assert.Equal(FeatureNegotiationErrorKind.RemoteMissingDependency, result.Error.Kind);
        Assert.Same(Features.StaticRemoteKey, result.Error.Feature);
    }

    [Fact]
    public void BOLT_9_dependencies_are_checked()
    {
        // option_zeroconf (51) depends on option_scid_alias (46/47).
        var local = FeatureBits.FromBits(13, 47, 51);

        var result = FeatureNegotiation.Negotiate(local, FeatureBits.FromBits(13, 51));

        Assert.False(result.IsSuccess);
        Assert.Equal(FeatureNegotiationErrorKind.RemoteMissingDependency, result.Error.Kind);
        Assert.Equal(46, result.Error.Bit);
    }

    [Fact]
    public void Global_and_local_features_are_combined_before_negotiating()
    {
        var init = new Init(FeatureBits.FromBits(12), FeatureBits.FromBits(327));

        var result = FeatureNegotiation.Negotiate(Local, init.CombinedFeatures);

        Assert.True(result.IsSuccess);
        Assert.Equal([12, 327], result.Negotiated.SetBits());
    }

    [Fact]
    public void A_maximal_peer_vector_is_checked_without_listing_its_bits()
    {
        // 65535 bytes (the u16 limit) with every bit set: fails at the first even bit we do not offer.
        byte[] bytes = new byte[ushort.MaxValue];
        Array.Fill(bytes, (byte)0xff);
        var remote = FeatureBits.FromBytes(bytes);
        FeatureNegotiation.Negotiate(Local, FeatureBits.FromBits(12)); // warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();

        var result = FeatureNegotiation.Negotiate(Local, remote);

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 8_192);
        Assert.Equal(FeatureNegotiationErrorKind.RemoteRequiresUnsupportedFeature, result.Error!.Kind);
        Assert.Equal(2, result.Error.Bit);
    }
}
