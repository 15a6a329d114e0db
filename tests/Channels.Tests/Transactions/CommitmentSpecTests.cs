using System.Collections.Immutable;
using Microchannels.Bitcoin;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Tests.Transactions;

public class CommitmentSpecTests
{
    private static Htlc NewHtlc(byte hash) => new(HtlcDirection.Offered, 7, new MilliSatoshis(5_000_000), [.. Enumerable.Repeat(hash, 32)], 500);

    [Fact]
    public void Specs_and_htlcs_compare_by_value()
    {
        var a = new CommitmentSpec(new MilliSatoshis(1), new MilliSatoshis(2), new FeeratePerKw(253), [NewHtlc(1)]);
        var b = new CommitmentSpec(new MilliSatoshis(1), new MilliSatoshis(2), new FeeratePerKw(253), [NewHtlc(1)]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Htlcs = [NewHtlc(2)] });
        Assert.NotEqual(a, b with { Feerate = new FeeratePerKw(254) });
        Assert.Equal(CommitmentSpec.WithoutHtlcs(new MilliSatoshis(1), new MilliSatoshis(2), new FeeratePerKw(253)), a with { Htlcs = ImmutableArray<Htlc>.Empty });
    }

    [Fact]
    public void Mirror_swaps_balances_and_flips_directions_and_is_an_involution()
    {
        var spec = new CommitmentSpec(new MilliSatoshis(1), new MilliSatoshis(2), new FeeratePerKw(253), [NewHtlc(1)]);
        var mirrored = spec.Mirror();
        Assert.Equal(new MilliSatoshis(2), mirrored.ToLocal);
        Assert.Equal(HtlcDirection.Received, mirrored.Htlcs[0].Direction);
        Assert.Equal(spec, mirrored.Mirror());
    }

    [Fact]
    public void A_payment_hash_must_be_32_bytes()
    {
        Assert.Throws<ArgumentException>(() => new Htlc(HtlcDirection.Offered, 0, new MilliSatoshis(1), [1, 2, 3], 0));
    }
}
