using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Opening;

/// <summary>
/// BOLT 2 "Definition of channel_id": funding_txid XOR funding_output_index, big-endian,
/// so the index alters the last 2 bytes of the txid as funding_created carries it
/// (internal byte order, the reverse of the display form).
/// </summary>
public class ChannelIdDerivationTests
{
    [Fact]
    public void Index_is_xored_big_endian_into_the_last_two_bytes()
    {
        byte[] txid = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        var id = ChannelIdDerivation.V1(new TxId(txid), 0x0102);

        // ... 1d 1e 1f  ->  byte 30: 0x1e ^ 0x01 = 0x1f, byte 31: 0x1f ^ 0x02 = 0x1d.
        Assert.Equal(ChannelId.FromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1f1d"), id);
    }

    [Fact]
    public void Display_txid_is_reversed_before_the_xor()
    {
        // bitcoin-cli prints 8984...f6be; on the wire (and in the channel_id) it is be f6 ... 84 89.
        var txid = TxId.Parse("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be");

        Assert.Equal(ChannelId.FromHex("bef67e4e2fb9ddeeb3461973cd4c62abb35050b1add772995b820b584a488489"), ChannelIdDerivation.V1(txid, 0));
        // 0x84 ^ 0x01 = 0x85, 0x89 ^ 0x02 = 0x8b.
        Assert.Equal(ChannelId.FromHex("bef67e4e2fb9ddeeb3461973cd4c62abb35050b1add772995b820b584a48858b"), ChannelIdDerivation.V1(new OutPoint(txid, 0x0102)));
    }

    [Fact]
    public void Largest_index_flips_both_last_bytes()
    {
        Assert.Equal(
            ChannelId.FromHex("000000000000000000000000000000000000000000000000000000000000ffff"),
            ChannelIdDerivation.V1(TxId.Zero, ushort.MaxValue));
    }

    [Fact]
    public void Outpoint_index_beyond_u16_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChannelIdDerivation.V1(new OutPoint(TxId.Zero, 65_536)));
    }

    [Fact]
    public void Funding_signed_channel_id_is_funding_created_txid_xor_index_on_the_wire()
    {
        using var fixture = new OpeningFixture();
        var funded = fixture.Fund();
        var (_, signed) = funded.Provider.ReceiveFundingCreated(funded.Created, fixture.Pair.ProviderSigner);
        byte[] created = MessageCodec.Encode(funded.Created);
        byte[] signedBytes = MessageCodec.Encode(signed);

        // funding_created: type(2) temporary_channel_id(32) funding_txid(32) funding_output_index(2).
        byte[] expected = created.AsSpan(2 + 32, 32).ToArray();
        expected[30] ^= created[66];
        expected[31] ^= created[67];

        // funding_signed: type(2) channel_id(32).
        Assert.Equal(expected, signedBytes.AsSpan(2, 32).ToArray());
        Assert.Equal(1, (created[66] << 8) | created[67]);
        Assert.Equal(funded.FundingTransaction.GetTxId().ToBytes(), created.AsSpan(34, 32).ToArray());
    }
}
