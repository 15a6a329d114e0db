using Microchannels.Meter.Daemon.Status;
using Microchannels.Meter.Daemon.Tests.Support;
using Microchannels.Provider.Api.V1;
using Xunit.Abstractions;

namespace Microchannels.Meter.Daemon.Tests;

/// <summary>
/// Issue 11 "Accounting and tariff", with real processes: the provider sets the tariff through
/// its API (SetTariff), the provider node carries it to meterd (tariff_update), and meterd pays
/// by it; a price above meterd's ceiling stops payment, with the reason logged and reported.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class TariffProcessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SetTariff_changes_what_meterd_pays_and_a_price_above_its_ceiling_stops_payment()
    {
        await using var rig = await StreamingRig.StartAsync(new Dictionary<string, string> { ["MICROCHANNELS_TARIFF__CEILINGMSATPERWH"] = "1000" });
        await rig.StartMeterAsync();
        var open = await rig.FundAndOpenAsync();
        Assert.Equal(StreamingRig.PriceMsatPerWh, open.Payments.PriceMsatPerWh); // the provider's default, told at establishment

        // The meter's own tariff, through the API: every Wh from the change on costs 500 msat.
        await rig.Api.AllowMeterAsync(new AllowMeterRequest { NodeId = open.NodeId });
        await rig.SetTariffAsync(open.NodeId, 500);
        var repriced = await rig.WaitAsync(s => s.Payments.PriceMsatPerWh == 500, "meterd to take the new tariff", 30);
        Assert.Contains("Tariff from the provider: base 500 msat/Wh", rig.Meter!.Output, StringComparison.Ordinal);
        var first = await QuietPastAsync(rig, repriced.Energy.ImportWh);
        var second = await QuietPastAsync(rig, first.Channel.CommittedReading!.CumulativeWh + 30);
        ulong wh = second.Channel.CommittedReading!.CumulativeWh - first.Channel.CommittedReading.CumulativeWh;
        Assert.Equal(wh * 500, Moved(second) - Moved(first));
        output.WriteLine($"at 500 msat/Wh: {wh} Wh cost {Moved(second) - Moved(first)} msat");

        // Above the ceiling: refused, payment stops and the supply is cut, with the reason.
        await rig.SetTariffAsync(open.NodeId, 5_000);
        var refused = await rig.WaitAsync(s => s.Payments.NotPayingBecause is { } why && why.Contains("ceiling", StringComparison.Ordinal) && s.Payments.InFlightMsat is null, "meterd to refuse the tariff", 30);
        Assert.Null(refused.Payments.PriceMsatPerWh);
        Assert.Contains("Tariff refused: it asks 5000 msat/Wh, above the ceiling of 1000 msat/Wh; the meter stops paying", rig.Meter.Output, StringComparison.Ordinal);
        // Three more blocks (the chain mines one a second): three payment intervals pass, paying nothing.
        var later = await rig.WaitAsync(s => s.Chain?.Height >= refused.Chain!.Height + 3, "three payment intervals while refused", 30);
        Assert.Equal(refused.Payments.SentMsat, later.Payments.SentMsat);
        Assert.Equal(refused.Channel.BalanceMsat, later.Channel.BalanceMsat);
        Assert.False(later.Relay.On);
        Assert.Equal("TariffRefused", later.Relay.Reason);

        // Back under the ceiling: payments and supply resume.
        await rig.SetTariffAsync(open.NodeId, 400);
        var resumed = await rig.WaitAsync(s => s.Payments.PaidMsat > later.Payments.PaidMsat && s.Relay.On, "payments to resume at 400 msat/Wh", 60);
        Assert.Equal(400UL, resumed.Payments.PriceMsatPerWh);
    }

    /// <summary>The meter's money moved through the channel.</summary>
    private static ulong Moved(MeterStatus status) => (status.Channel.CapacitySat!.Value * 1000) - status.Channel.BalanceMsat!.Value;

    /// <summary>A quiet status whose committed reading is past <paramref name="wattHours"/>.</summary>
    private static async Task<MeterStatus> QuietPastAsync(StreamingRig rig, ulong wattHours)
    {
        while (true)
        {
            var quiet = await StreamingProcessTests.QuietAsync(rig);
            if (quiet.Channel.CommittedReading is { } reading && reading.CumulativeWh > wattHours)
            {
                return quiet;
            }

            await rig.WaitAsync(s => s.Channel.CommittedReading is { } r && r.CumulativeWh > wattHours, $"a payment past {wattHours} Wh", 60);
        }
    }
}
