using Microchannels.Bitcoin;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Tests.Engine.Persistence;

/// <summary>
/// The channel states whose encodings are frozen in <see cref="GoldenStates"/>. Each is
/// rebuilt from <see cref="ChannelPair"/>'s fixed keys and clock; RFC 6979 makes every
/// signature deterministic, so the same steps give the same bytes on every machine.
/// </summary>
internal static class GoldenScenario
{
    public const string Fresh = "fresh";
    public const string MeterBusy = "meter-busy";
    public const string ProviderBusy = "provider-busy";
    public const string WithHtlcs = "with-htlcs";

    public static readonly string[] Names = [Fresh, MeterBusy, ProviderBusy, WithHtlcs];

    /// <summary>
    /// A pair mid-flight. The meter has: commitments revoked on both sides (secrets
    /// stored), a fee update and a transfer signed and awaiting the provider's
    /// <c>revoke_and_ack</c> (queued, not delivered), a transfer of its own proposed
    /// after signing, and the provider's refund received but not yet committed. The
    /// provider has: its refund proposed, the meter's fee and transfer acked.
    /// </summary>
    public static ChannelPair Busy()
    {
        var pair = new ChannelPair(meterInitialMsat: 700_000_000);
        for (ulong round = 1; round <= 4; round++)
        {
            pair.MeterPays((1_000 * round) + 7);
            pair.MeterPays(2_000);
            pair.ProviderRefunds(300 * round);
            pair.Settle();
        }

        // update_fee straight to the provider: nothing else is in flight after Settle.
        var (meter, updateFee) = pair.Meter.SendFee(new FeeratePerKw(1_000));
        pair.Meter = meter;
        pair.Provider = pair.Provider.ReceiveFee(updateFee);

        pair.MeterPays(12_345);
        Assert.True(pair.MeterSigns());
        pair.ProviderRefunds(4_321);
        pair.DeliverToProvider(); // update_transfer 12,345
        pair.DeliverToProvider(); // commitment_signed; its revoke_and_ack waits for the meter
        pair.DeliverToMeter(); // the refund
        pair.MeterPays(999);
        return pair;
    }

    /// <summary>The state named <paramref name="name"/>, and the pair it lives in (to continue the protocol).</summary>
    public static (Commitments State, ChannelPair Pair) Build(string name)
    {
        switch (name)
        {
            case Fresh:
                var fresh = new ChannelPair();
                return (fresh.Meter, fresh);
            case MeterBusy:
                var meterBusy = Busy();
                return (meterBusy.Meter, meterBusy);
            case ProviderBusy:
                var providerBusy = Busy();
                return (providerBusy.Provider, providerBusy);
            case WithHtlcs:
                // The engine streams without HTLCs (DESIGN.md decision 2), but the format
                // carries them for multi-hop: a synthetic spec with one in each direction.
                var pair = new ChannelPair(meterInitialMsat: 600_000_000);
                var spec = pair.Meter.LocalCommit.Spec with
                {
                    ToLocal = new MilliSatoshis(590_000_000),
                    ToRemote = new MilliSatoshis(395_000_000),
                    Htlcs =
                    [
                        new Htlc(HtlcDirection.Offered, 0, new MilliSatoshis(10_000_000), [.. Enumerable.Repeat((byte)0xaa, 32)], 500_000),
                        new Htlc(HtlcDirection.Received, 7, new MilliSatoshis(5_000_000), [.. Enumerable.Range(0, 32).Select(i => (byte)i)], 500_144),
                    ],
                };
                return (pair.Meter with { LocalCommit = pair.Meter.LocalCommit with { Spec = spec } }, pair);
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "No such golden state.");
        }
    }
}
