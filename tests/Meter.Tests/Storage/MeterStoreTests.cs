using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Wire;
using Microchannels.Meter.Accounting;
using Microchannels.Meter.Storage;
using Microsoft.Data.Sqlite;

namespace Microchannels.Meter.Tests.Storage;

public sealed class MeterStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("meter-store-").FullName;

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static SignedMeterReading Signed(ulong wh, ulong timestamp)
    {
        using var signer = new MeterReadingSigner(PrivateKey.FromBytes(Hashes.Sha256("store test key"u8)));
        return signer.Sign(new EnergyRegister(1000, wh), timestamp);
    }

    private static MeterRecord Record(ulong import, ulong owed, ulong sent, SignedMeterReading? reading) =>
        new(new EnergyLedger(1000, import, 7, new MoneyAccumulator(owed, 123), new MoneyAccumulator(5, 6)), sent, reading, new ChannelId(new byte[32]), 0);

    [Fact]
    public void The_store_runs_in_wal_mode_with_full_sync()
    {
        using var store = MeterStore.Open(PathOf("a.db"));
        Assert.Equal("wal", store.Durability.JournalMode);
        Assert.Equal(2L, store.Durability.Synchronous); // FULL
    }

    [Fact]
    public void A_saved_record_and_its_transfer_come_back_after_reopening()
    {
        var reading = Signed(1500, 1_700_000_000);
        // u64 values above long's range survive SQLite's signed integers.
        var ledger = new EnergyLedger(1000, ulong.MaxValue, 7, new MoneyAccumulator(ulong.MaxValue, 999), new MoneyAccumulator(5, 6));
        var record = new MeterRecord(ledger, 375_000, reading, ChannelId.FromHex(new string('a', 64)), 42);
        using (var store = MeterStore.Open(PathOf("b.db")))
        {
            Assert.Null(store.Load());
            store.Save(record, new MeterTransferRecord(reading, 375_000, 375_000));
        }

        using var reopened = MeterStore.Open(PathOf("b.db"));
        Assert.Equal(record, reopened.Load());
        Assert.Equal(new MeterTransferRecord(reading, 375_000, 375_000), reopened.FindTransfer(reading.Reading));
        Assert.Null(reopened.FindTransfer(reading.Reading with { CumulativeWh = 1 }));
    }

    [Fact]
    public void A_save_that_fails_part_way_leaves_everything_as_it_was()
    {
        var first = Signed(100, 10);
        using var store = MeterStore.Open(PathOf("c.db"));
        var before = Record(100, 1000, 1000, first);
        store.Save(before, new MeterTransferRecord(first, 1000, 1000));

        // A second transfer under the same reading time breaks the primary key after the
        // record row was written in the same transaction: the record must not move either.
        var after = Record(200, 2000, 2000, first);
        Assert.Throws<SqliteException>(() => store.Save(after, new MeterTransferRecord(first, 1000, 2000)));
        Assert.Equal(before, store.Load());
    }

    [Fact]
    public void Pulses_counted_after_the_last_interval_survive_a_crash_through_the_checkpoint()
    {
        var clock = new Support.ManualClock();
        var input = new Support.FakeEdgeInput();
        using (var store = MeterStore.Open(PathOf("d.db")))
        {
            store.Save(Record(100, 0, 0, null)); // the last interval saw 100 pulses
            using var source = new Microchannels.Meter.Sources.S0.S0PulseSource(input, new(), clock, store.ResumePulses(), store.CheckpointPulses);
            input.Edges([0, 1_000_000, 1_005_000, 2_000_000]); // three pulses and a bounce, then the process dies
        }

        using var reopened = MeterStore.Open(PathOf("d.db"));
        Assert.Equal(103UL, reopened.LoadPulseCheckpoint());
        Assert.Equal(103UL, reopened.ResumePulses());
        Assert.Equal(100UL, reopened.Load()!.Ledger.ImportUnits); // the ledger prices the 3 at the next interval

        // An older checkpoint never lowers the count.
        reopened.CheckpointPulses(50);
        Assert.Equal(103UL, reopened.LoadPulseCheckpoint());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
