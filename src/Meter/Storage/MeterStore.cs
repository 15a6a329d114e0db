using Microchannels.Channels.Wire;
using Microchannels.Meter.Accounting;
using Microsoft.Data.Sqlite;

namespace Microchannels.Meter.Storage;

/// <summary>
/// The meter's durable state in SQLite (WAL, synchronous=FULL, as the channel store): one
/// row of <see cref="MeterRecord"/> and the transfers sent. A save writes the record and the
/// transfer it pays in ONE transaction, so after a crash the registers, the money owed, the
/// money sent and the last signed reading always agree: no pulse is forgotten and no Wh is
/// paid twice. u64 values are stored in SQLite's signed 64-bit integers bit for bit.
/// </summary>
public sealed class MeterStore : IDisposable
{
    private const int SchemaVersion = 1;
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private MeterStore(SqliteConnection connection) => _connection = connection;

    /// <summary>The journal mode and synchronous level read back after opening.</summary>
    public (string JournalMode, long Synchronous) Durability { get; private init; }

    public static MeterStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS meter_schema (version INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS meter_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    units_per_kwh INTEGER NOT NULL,
                    import_units INTEGER NOT NULL,
                    export_units INTEGER NOT NULL,
                    import_owed_msat INTEGER NOT NULL,
                    import_owed_remainder INTEGER NOT NULL,
                    export_credit_msat INTEGER NOT NULL,
                    export_credit_remainder INTEGER NOT NULL,
                    sent_msat INTEGER NOT NULL,
                    last_reading BLOB,
                    channel_id BLOB,
                    channel_base_sent_msat INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS pulse_checkpoint (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    pulses INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS provider_tariff (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    message BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS meter_transfers (
                    reading_timestamp INTEGER PRIMARY KEY,
                    reading BLOB NOT NULL,
                    amount_msat INTEGER NOT NULL,
                    sent_after_msat INTEGER NOT NULL);
                """);
            long? version = Scalar(connection, "SELECT version FROM meter_schema") as long?;
            if (version is null)
            {
                Execute(connection, $"INSERT INTO meter_schema (version) VALUES ({SchemaVersion})");
            }
            else if (version != SchemaVersion)
            {
                throw new CorruptMeterStoreException($"The meter store has schema {version}; this code reads {SchemaVersion}.");
            }

            return new MeterStore(connection)
            {
                Durability = ((string)Scalar(connection, "PRAGMA journal_mode")!, (long)Scalar(connection, "PRAGMA synchronous")!),
            };
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The stored record, or null for a meter never saved.</summary>
    public MeterRecord? Load()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT units_per_kwh, import_units, export_units, import_owed_msat, import_owed_remainder,
                       export_credit_msat, export_credit_remainder, sent_msat, last_reading, channel_id, channel_base_sent_msat
                FROM meter_state WHERE id = 1
                """;
            using var row = command.ExecuteReader();
            if (!row.Read())
            {
                return null;
            }

            var ledger = new EnergyLedger(
                checked((uint)row.GetInt64(0)),
                U64(row, 1),
                U64(row, 2),
                new MoneyAccumulator(U64(row, 3), U64(row, 4)),
                new MoneyAccumulator(U64(row, 5), U64(row, 6)));
            var reading = row.IsDBNull(8) ? null : DecodeReading((byte[])row[8]);
            var channel = row.IsDBNull(9) ? null : new ChannelId((byte[])row[9]);
            return new MeterRecord(ledger, U64(row, 7), reading, channel, U64(row, 10));
        }
    }

    /// <summary>Stores <paramref name="record"/> and, when it pays one, <paramref name="transfer"/>, in one transaction.</summary>
    public void Save(MeterRecord record, MeterTransferRecord? transfer = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using (var command = _connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO meter_state (id, units_per_kwh, import_units, export_units, import_owed_msat, import_owed_remainder,
                        export_credit_msat, export_credit_remainder, sent_msat, last_reading, channel_id, channel_base_sent_msat)
                    VALUES (1, $upk, $imp, $exp, $owed, $owedRem, $credit, $creditRem, $sent, $reading, $channel, $base)
                    ON CONFLICT (id) DO UPDATE SET units_per_kwh = excluded.units_per_kwh, import_units = excluded.import_units,
                        export_units = excluded.export_units, import_owed_msat = excluded.import_owed_msat,
                        import_owed_remainder = excluded.import_owed_remainder, export_credit_msat = excluded.export_credit_msat,
                        export_credit_remainder = excluded.export_credit_remainder, sent_msat = excluded.sent_msat,
                        last_reading = excluded.last_reading, channel_id = excluded.channel_id,
                        channel_base_sent_msat = excluded.channel_base_sent_msat
                    """;
                var ledger = record.Ledger;
                Add(command, "$upk", ledger.UnitsPerKilowattHour);
                Add(command, "$imp", ledger.ImportUnits);
                Add(command, "$exp", ledger.ExportUnits);
                Add(command, "$owed", ledger.ImportOwed.Msat);
                Add(command, "$owedRem", ledger.ImportOwed.Remainder);
                Add(command, "$credit", ledger.ExportCredit.Msat);
                Add(command, "$creditRem", ledger.ExportCredit.Remainder);
                Add(command, "$sent", record.SentMsat);
                command.Parameters.AddWithValue("$reading", record.LastReading is { } r ? EncodeReading(r) : DBNull.Value);
                command.Parameters.AddWithValue("$channel", record.Channel is { } c ? c.AsSpan().ToArray() : DBNull.Value);
                Add(command, "$base", record.ChannelBaseSentMsat);
                command.ExecuteNonQuery();
            }

            if (transfer is not null)
            {
                using var insert = _connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO meter_transfers (reading_timestamp, reading, amount_msat, sent_after_msat)
                    VALUES ($ts, $reading, $amount, $after)
                    """;
                Add(insert, "$ts", transfer.Reading.Reading.Timestamp);
                insert.Parameters.AddWithValue("$reading", EncodeReading(transfer.Reading));
                Add(insert, "$amount", transfer.AmountMsat);
                Add(insert, "$after", transfer.SentAfterMsat);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>
    /// Records an S0 line's pulse count as soon as a pulse is counted (at most about 17 a
    /// second), so that a crash between two intervals loses no counted pulse: at boot the
    /// source continues from the higher of this and the ledger's register, and the ledger
    /// prices the difference at the next interval.
    /// </summary>
    public void CheckpointPulses(ulong pulses)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                INSERT INTO pulse_checkpoint (id, pulses) VALUES (1, $pulses)
                ON CONFLICT (id) DO UPDATE SET pulses = excluded.pulses WHERE excluded.pulses > pulse_checkpoint.pulses
                """;
            Add(command, "$pulses", pulses);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Keeps the provider's last <c>tariff_update</c> as received (its wire bytes), before the
    /// meter prices anything by it, so a reboot prices by the tariff the provider last set.
    /// </summary>
    public void SaveTariff(ReadOnlySpan<byte> message)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT INTO provider_tariff (id, message) VALUES (1, $message) ON CONFLICT (id) DO UPDATE SET message = excluded.message";
            command.Parameters.AddWithValue("$message", message.ToArray());
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The provider's last <c>tariff_update</c> as stored, or null if it never sent one.</summary>
    public byte[]? LoadTariff()
    {
        lock (_gate)
        {
            return Scalar(_connection, "SELECT message FROM provider_tariff WHERE id = 1") as byte[];
        }
    }

    /// <summary>The last pulse count checkpointed, or zero.</summary>
    public ulong LoadPulseCheckpoint()
    {
        lock (_gate)
        {
            return Scalar(_connection, "SELECT pulses FROM pulse_checkpoint WHERE id = 1") is long pulses ? unchecked((ulong)pulses) : 0;
        }
    }

    /// <summary>Where an S0 source resumes counting after a reboot: the ledger's register or the last checkpoint, whichever is higher.</summary>
    public ulong ResumePulses() => Math.Max(Load()?.Ledger.ImportUnits ?? 0, LoadPulseCheckpoint());

    /// <summary>The transfer that carried <paramref name="reading"/>, or null if the meter never sent it.</summary>
    public MeterTransferRecord? FindTransfer(MeterReading reading)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT reading, amount_msat, sent_after_msat FROM meter_transfers WHERE reading_timestamp = $ts";
            Add(command, "$ts", reading.Timestamp);
            using var row = command.ExecuteReader();
            if (!row.Read())
            {
                return null;
            }

            var stored = DecodeReading((byte[])row[0]);
            return stored.Reading == reading ? new MeterTransferRecord(stored, U64(row, 1), U64(row, 2)) : null;
        }
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>The reading as its version writes it: a version-2 reading keeps its binding and chain (docs/PROTOCOL.md).</summary>
    private static byte[] EncodeReading(SignedMeterReading reading) => reading.Encode();

    /// <summary>The two versions differ in length (88 and 241 bytes), so the length says which was stored.</summary>
    private static SignedMeterReading DecodeReading(byte[] bytes)
    {
        var reader = new WireReader(bytes);
        return bytes.Length switch
        {
            SignedMeterReading.EncodedLength => SignedMeterReading.Read(ref reader),
            SignedMeterReading.EncodedLengthV2 => SignedMeterReading.ReadV2(ref reader),
            _ => throw new CorruptMeterStoreException($"A stored reading has {bytes.Length} bytes, neither {SignedMeterReading.EncodedLength} (version 1) nor {SignedMeterReading.EncodedLengthV2} (version 2)."),
        };
    }

    private static ulong U64(SqliteDataReader row, int column) => unchecked((ulong)row.GetInt64(column));

    private static void Add(SqliteCommand command, string name, ulong value) =>
        command.Parameters.AddWithValue(name, unchecked((long)value));

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
