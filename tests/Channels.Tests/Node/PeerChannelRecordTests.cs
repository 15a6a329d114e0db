using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Tests.Engine;

namespace Microchannels.Channels.Tests.Node;

/// <summary>The provider node's stored form: the meter's node id and the channel nonce are under the checksum too.</summary>
public class PeerChannelRecordTests
{
    private static readonly byte[] Nonce = Hashes.Sha256("nonce"u8);

    [Fact]
    public void A_record_round_trips_with_its_peer_and_nonce()
    {
        using var pair = new ChannelPair();
        using var meter = PrivateKey.FromBytes(Hashes.Sha256("meter node"u8));
        var state = new ChannelState.Normal(pair.Provider, ConnectionPhase.Disconnected, []);
        byte[] record = PeerChannelRecord.Encode(meter.PublicKey, Nonce, state);

        var (peer, nonce, decoded) = PeerChannelRecord.Decode(record);
        Assert.Equal(meter.PublicKey, peer);
        Assert.Equal(Nonce, nonce);
        Assert.Equal(ChannelStateCodec.Encode(state), ChannelStateCodec.Encode(decoded));
    }

    [Theory]
    [InlineData(0)] // magic
    [InlineData(5)] // node id
    [InlineData(40)] // nonce
    [InlineData(100)] // the channel state
    [InlineData(-1)] // the checksum
    public void Any_damaged_byte_is_refused(int offset)
    {
        using var pair = new ChannelPair();
        using var meter = PrivateKey.FromBytes(Hashes.Sha256("meter node"u8));
        byte[] record = PeerChannelRecord.Encode(meter.PublicKey, Nonce, new ChannelState.Normal(pair.Provider, ConnectionPhase.Disconnected, []));
        record[offset < 0 ? record.Length + offset : offset] ^= 0x01;
        Assert.Throws<ChannelStateFormatException>(() => PeerChannelRecord.Decode(record));
    }

    [Fact]
    public void A_truncated_record_is_refused()
    {
        Assert.Throws<ChannelStateFormatException>(() => PeerChannelRecord.Decode(new byte[10]));
    }
}
