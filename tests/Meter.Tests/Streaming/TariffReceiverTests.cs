using Microchannels.Channels.Wire;
using Microchannels.Meter.Accounting;
using Microchannels.Meter.Storage;
using Microchannels.Meter.Streaming;
using Microchannels.Meter.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Microchannels.Meter.Tests.Streaming;

/// <summary>The meter taking the provider's tariff_update: stored before use, refused above the ceiling, and a bad one changing nothing.</summary>
public sealed class TariffReceiverTests : IDisposable
{
    private static readonly ChannelId Channel = ChannelId.FromHex("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be");
    private static readonly DateTimeOffset Wednesday = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("tariff-receiver-").FullName;
    private readonly ListLogger _logger = new();
    private readonly TariffBook _book;
    private readonly MeterStore _store;
    private readonly TariffReceiver _receiver;

    public TariffReceiverTests()
    {
        _book = new TariffBook(ceilingMsatPerWh: 1_000, _logger);
        _store = MeterStore.Open(Path.Combine(_directory, "meter.db"));
        _receiver = new TariffReceiver(_book, _store, _logger);
        _receiver.Restore(TariffSchedule.Flat(new TariffPrice(300)));
    }

    private static TariffUpdate Update(ulong import, string? zone = "Europe/Berlin", ChannelId? channel = null, params TariffPeriod[] periods) =>
        new(channel ?? Channel, import, 80, new ValueList<TariffPeriod>(periods), zone);

    [Fact]
    public void A_tariff_is_stored_then_in_force()
    {
        var update = Update(400, periods: new TariffPeriod(0x3e, 420, 1320, 600));

        Assert.True(_receiver.Receive(update, Channel));

        Assert.Equal(MessageCodec.Encode(update), _store.LoadTariff());
        Assert.Equal(new TariffPrice(600, 80), _book.PriceAt(Wednesday)); // 13:00 CET on a Wednesday
        Assert.Null(_book.RefusedBecause);
    }

    [Fact]
    public void The_stored_tariff_is_in_force_again_after_a_reboot()
    {
        _receiver.Receive(Update(400), Channel);
        var book = new TariffBook(1_000);

        Assert.True(new TariffReceiver(book, _store).Restore(TariffSchedule.Flat(new TariffPrice(300))));

        Assert.Equal(400UL, book.PriceAt(Wednesday)!.Value.ImportMsatPerWh);
    }

    [Fact]
    public void A_tariff_above_the_ceiling_is_stored_and_stops_payment_with_a_logged_reason()
    {
        var update = Update(400, periods: new TariffPeriod(0x7f, 1000, 1100, 1_001));

        Assert.False(_receiver.Receive(update, Channel));

        Assert.Equal(MessageCodec.Encode(update), _store.LoadTariff()); // the provider's word, also after a reboot
        Assert.Null(_book.PriceAt(Wednesday));
        Assert.Contains("1001 msat/Wh, above this meter's ceiling of 1000 msat/Wh", _book.RefusedBecause, StringComparison.Ordinal);
        Assert.Contains(_logger.Entries, e => e.Message == "Tariff refused: it asks 1001 msat/Wh, above the ceiling of 1000 msat/Wh; the meter stops paying");

        // Still refused after a reboot: the meter does not fall back to its configured price.
        var rebooted = new TariffBook(1_000);
        Assert.False(new TariffReceiver(rebooted, _store).Restore(TariffSchedule.Flat(new TariffPrice(300))));
        Assert.NotNull(rebooted.RefusedBecause);
    }

    public static TheoryData<string, TariffUpdate, Type> Bad => new()
    {
        { "another channel", Update(400, channel: ChannelId.FromHex(new string('a', 64))), typeof(TariffChannelMismatchException) },
        { "overlapping periods", Update(400, periods: [new TariffPeriod(0x02, 0, 600, 500), new TariffPeriod(0x06, 300, 900, 500)]), typeof(InvalidTariffException) },
        { "a zero price", Update(0), typeof(InvalidTariffException) },
        { "an unknown zone", Update(400, zone: "Mars/Olympus_Mons"), typeof(InvalidTariffException) },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void A_bad_tariff_is_a_typed_error_and_changes_nothing(string what, TariffUpdate update, Type error)
    {
        _receiver.Receive(Update(400), Channel);
        byte[] stored = _store.LoadTariff()!;

        var thrown = Assert.ThrowsAny<Exception>(() => _receiver.Receive(update, Channel));

        Assert.IsType(error, thrown);
        Assert.Equal(stored, _store.LoadTariff());
        Assert.Equal(new TariffPrice(400, 80), _book.PriceAt(Wednesday));
        Assert.True(_book.RefusedBecause is null, what);
    }

    [Fact]
    public void Malformed_bytes_never_reach_the_meter()
    {
        // The codec refuses them (a typed WireFormatException); the tariff in force stays.
        byte[] bytes = MessageCodec.Encode(Update(400, periods: new TariffPeriod(0x3e, 420, 1320, 600)));
        bytes[2 + 32 + 8 + 2] ^= 0xff; // after type, channel_id, price, TLV type and length: days_of_week 0x3e becomes 0xc1

        var error = Assert.Throws<WireFormatException>(() => MessageCodec.Decode(bytes));

        Assert.Equal(WireFormatReason.InvalidTlvValue, error.Reason);
        Assert.Null(_store.LoadTariff());
        Assert.Equal(new TariffPrice(300), _book.PriceAt(Wednesday));
    }

    public void Dispose()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
