using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Bitcoin.Tests.Transactions;

public class TxIdTests
{
    [Fact]
    public void Display_hex_is_the_reverse_of_internal_bytes()
    {
        TxId id = TxId.Parse("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b");

        Assert.Equal("3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a", Convert.ToHexStringLower(id.ToBytes()));
        Assert.Equal("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b", id.ToString());
        Assert.Equal(id, new TxId(id.ToBytes()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda3")]
    [InlineData("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b00")]
    [InlineData("zz5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b")]
    public void Malformed_display_hex_is_rejected(string hex)
    {
        Assert.Throws<BitcoinFormatException>(() => TxId.Parse(hex));
    }

    [Fact]
    public void Wrong_length_bytes_are_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => new TxId(new byte[31]));
    }

    [Fact]
    public void Display_order_comparison_looks_at_the_last_internal_byte_first()
    {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        a[0] = 0xff;
        b[31] = 0x01;

        Assert.True(new TxId(a).CompareDisplayOrder(new TxId(b)) < 0);
        Assert.True(new TxId(b).CompareDisplayOrder(new TxId(a)) > 0);
        Assert.Equal(0, new TxId(a).CompareDisplayOrder(new TxId(a)));
    }
}
