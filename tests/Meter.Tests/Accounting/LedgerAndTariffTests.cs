using Microchannels.Meter.Accounting;
using Microchannels.Meter.Sources;
using Microchannels.Meter.Tests.Support;

namespace Microchannels.Meter.Tests.Accounting;

public class LedgerAndTariffTests
{
    private static RegisterSnapshot At(ulong import, ulong export = 0, uint upk = 1000) => new(import, export, upk, null, 0);

    private static readonly TariffSchedule TimeOfUse = new(
    [
        new TimeOfUseBand(new TimeOnly(0, 0), new TariffPrice(100, 40)),
        new TimeOfUseBand(new TimeOnly(7, 0), new TariffPrice(300, 40)),
        new TimeOfUseBand(new TimeOnly(22, 0), new TariffPrice(100, 40)),
    ]);

    [Fact]
    public void Time_of_use_bands_price_the_energy_of_their_own_hours()
    {
        var day = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
        var ledger = EnergyLedger.StartingAt(At(5000));

        // 06:00: 2000 Wh at night price 100; 08:00: 1000 Wh at day price 300; 23:00: 500 Wh at 100.
        ledger = ledger.Record(At(7000), TimeOfUse.PriceAt(day.AddHours(6)));
        ledger = ledger.Record(At(8000), TimeOfUse.PriceAt(day.AddHours(8)));
        ledger = ledger.Record(At(8500), TimeOfUse.PriceAt(day.AddHours(23)));

        // 200,000 + 300,000 + 50,000 msat.
        Assert.Equal(550_000UL, ledger.ImportOwed.Msat);
        Assert.Equal(8500UL, ledger.ImportWattHours);
    }

    [Fact]
    public void Feed_in_is_credited_at_its_own_price()
    {
        var ledger = EnergyLedger.StartingAt(At(0, 0, upk: 10_000));

        // 12.5 Wh imported at 300, 30.3 Wh exported at 40 msat/Wh: 3750 msat and 1212 msat.
        ledger = ledger.Record(At(125, 303, upk: 10_000), new TariffPrice(300, 40));
        Assert.Equal(3750UL, ledger.ImportOwed.Msat);
        Assert.Equal(1212UL, ledger.ExportCredit.Msat);

        // No feed-in price: export is counted, not credited.
        ledger = ledger.Record(At(125, 403, upk: 10_000), new TariffPrice(300));
        Assert.Equal(1212UL, ledger.ExportCredit.Msat);
        Assert.Equal(403UL, ledger.ExportUnits);
    }

    [Fact]
    public void Bands_are_read_in_the_tariffs_local_time()
    {
        var cet = new TariffSchedule(TimeOfUse.Bands, TimeSpan.FromHours(1));

        // 06:30 UTC is 07:30 in UTC+1: the day band.
        Assert.Equal(300UL, cet.PriceAt(new DateTimeOffset(2026, 12, 2, 6, 30, 0, TimeSpan.Zero)).ImportMsatPerWh);
        Assert.Equal(100UL, TimeOfUse.PriceAt(new DateTimeOffset(2026, 12, 2, 6, 30, 0, TimeSpan.Zero)).ImportMsatPerWh);
    }

    [Fact]
    public void A_register_going_back_is_refused_and_the_ledger_is_unchanged()
    {
        var ledger = EnergyLedger.StartingAt(At(100)).Record(At(200), new TariffPrice(10));
        Assert.Throws<RegisterWentBackwardsException>(() => ledger.Record(At(150), new TariffPrice(10)));
        Assert.Throws<RegisterWentBackwardsException>(() => EnergyLedger.StartingAt(At(0, 5)).Record(At(1, 4), null));
        Assert.Equal(200UL, ledger.ImportUnits);
        Assert.Equal(1000UL, ledger.ImportOwed.Msat);
    }

    [Fact]
    public void A_snapshot_in_another_resolution_is_refused()
    {
        var ledger = EnergyLedger.StartingAt(At(100));
        Assert.Throws<ArgumentException>(() => ledger.Record(At(100, upk: 2000), new TariffPrice(10)));
    }

    [Theory]
    [InlineData(new[] { 1, 0 }, "needs a band starting at 00:00")]
    [InlineData(new[] { 0, 8, 8 }, "does not follow")]
    [InlineData(new[] { 0, 9, 8 }, "does not follow")]
    public void A_table_that_does_not_cover_the_day_once_is_refused(int[] hours, string reason)
    {
        var bands = hours.Select(h => new TimeOfUseBand(new TimeOnly(h, 0), new TariffPrice(1))).ToList();
        var e = Assert.Throws<InvalidTariffException>(() => new TariffSchedule(bands));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_price_above_the_ceiling_is_refused_logged_and_stops_payment()
    {
        var logger = new ListLogger();
        var book = new TariffBook(ceilingMsatPerWh: 250, logger);
        var now = new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
        Assert.Null(book.PriceAt(now));
        Assert.Equal("no tariff set yet", book.RefusedBecause);

        book.Set(TariffSchedule.Flat(new TariffPrice(200)));
        Assert.Equal(200UL, book.PriceAt(now)!.Value.ImportMsatPerWh);
        Assert.Null(book.RefusedBecause);

        // The time-of-use table's day band (300) is above the ceiling.
        var e = Assert.Throws<TariffAboveCeilingException>(() => book.Set(TimeOfUse));
        Assert.Equal(300UL, e.AskedMsatPerWh);
        Assert.Null(book.PriceAt(now));
        Assert.Contains("above this meter's ceiling of 250", book.RefusedBecause, StringComparison.Ordinal);
        Assert.Contains(logger.Entries, l => l.Message.Contains("Tariff refused: it asks 300 msat/Wh", StringComparison.Ordinal));

        // Energy counted while refused owes nothing.
        var ledger = EnergyLedger.StartingAt(At(0)).Record(At(40), book.PriceAt(now));
        Assert.Equal(0UL, ledger.ImportOwed.Msat);
        Assert.Equal(40UL, ledger.ImportUnits);
    }
}
