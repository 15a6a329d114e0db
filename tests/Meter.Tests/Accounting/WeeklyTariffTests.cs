using Microchannels.Channels.Wire;
using Microchannels.Meter.Accounting;

namespace Microchannels.Meter.Tests.Accounting;

/// <summary>The provider's weekly tariff on the meter: prices by day, minute and zone, and where the price changes.</summary>
public class WeeklyTariffTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    /// <summary>300 msat/Wh, 450 on weekdays 07:00-22:00, 120 at weekends 00:00-06:00, Berlin time.</summary>
    private static readonly WeeklyTariff Tariff = new(300, 80, [new TariffPeriod(0x3e, 420, 1320, 450), new TariffPeriod(0x41, 0, 360, 120)], Berlin);

    [Theory]
    [InlineData("2026-12-02T05:59:59Z", 300)] // Wednesday 06:59:59 CET: base
    [InlineData("2026-12-02T06:00:00Z", 450)] // Wednesday 07:00 CET: the weekday period starts
    [InlineData("2026-12-02T20:59:59Z", 450)] // 21:59:59 CET
    [InlineData("2026-12-02T21:00:00Z", 300)] // 22:00 CET: it has ended
    [InlineData("2026-12-05T04:59:00Z", 120)] // Saturday 05:59 CET
    [InlineData("2026-12-05T06:00:00Z", 300)] // Saturday 07:00: no weekday price at weekends
    [InlineData("2026-07-01T05:00:00Z", 450)] // Wednesday 07:00 CEST (UTC+2 in summer)
    public void Prices_follow_day_minute_and_zone(string instant, ulong expected)
    {
        var price = Tariff.PriceAt(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected, price.ImportMsatPerWh);
        Assert.Equal(80UL, price.FeedInMsatPerWh);
    }

    [Theory]
    [InlineData("2026-12-02T05:00:00Z", "2026-12-02T06:00:00Z")] // before the weekday period: its start
    [InlineData("2026-12-02T06:00:00Z", "2026-12-02T21:00:00Z")] // exactly at its start: its end
    [InlineData("2026-12-04T21:00:00Z", "2026-12-04T23:00:00Z")] // Friday 22:00: Saturday 00:00 CET
    [InlineData("2026-12-05T05:00:00Z", "2026-12-05T23:00:00Z")] // Saturday 06:00, the period's end: Sunday 00:00 CET
    public void The_next_change_is_the_next_start_or_end(string after, string expected)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var next = Tariff.NextChangeAfter(DateTimeOffset.Parse(after, culture));

        Assert.NotNull(next);
        Assert.Equal(DateTimeOffset.Parse(expected, culture).UtcDateTime, next.Value.UtcDateTime);
        Assert.NotEqual(Tariff.PriceAt(next.Value.AddTicks(-1)), Tariff.PriceAt(next.Value));
    }

    [Fact]
    public void A_start_skipped_by_daylight_saving_falls_on_the_jump()
    {
        // 29 March 2026: Berlin goes from 02:00 CET to 03:00 CEST. A Sunday period from 02:30 starts at the jump.
        var tariff = new WeeklyTariff(300, null, [new TariffPeriod(0x01, 150, 300, 500)], Berlin);

        var next = tariff.NextChangeAfter(new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), next);
        Assert.Equal(500UL, tariff.PriceAt(next!.Value).ImportMsatPerWh);
    }

    [Fact]
    public void A_flat_tariff_never_changes() =>
        Assert.Null(new WeeklyTariff(300, null, [], TimeZoneInfo.Utc).NextChangeAfter(DateTimeOffset.UnixEpoch));

    [Fact]
    public void Overlapping_periods_and_zero_prices_are_refused()
    {
        Assert.Throws<InvalidTariffException>(() => new WeeklyTariff(300, null, [new TariffPeriod(0x02, 0, 600, 1), new TariffPeriod(0x03, 599, 700, 1)], Berlin));
        Assert.Throws<InvalidTariffException>(() => new WeeklyTariff(0, null, [], Berlin));
        Assert.Throws<InvalidTariffException>(() => new WeeklyTariff(300, null, [new TariffPeriod(0x02, 0, 600, 0)], Berlin));
    }

    [Fact]
    public void The_highest_price_is_what_the_ceiling_is_checked_against() =>
        Assert.Equal(450UL, Tariff.HighestImportMsatPerWh);
}
