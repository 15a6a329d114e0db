using System.Collections.Immutable;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Hosting.Chain;
using Microchannels.Settlement.Rpc;
using Microsoft.Data.Sqlite;

namespace Microchannels.Provider.Data;

/// <summary>
/// The daemon's own settings store (SQLite, synchronous=FULL): the meter allow-list, tariffs
/// and the chain cursor. Small and rarely written; one connection behind a lock. The allow-list
/// is also kept as an immutable set the provider node reads at every opening.
/// </summary>
public sealed class ProviderDatabase : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private ImmutableDictionary<PublicKey, MeterRecord> _meters = ImmutableDictionary<PublicKey, MeterRecord>.Empty;

    private ProviderDatabase(SqliteConnection connection)
    {
        _connection = connection;
    }

    /// <summary>The allow-list as it is now (a snapshot; replaced on every change).</summary>
    public ImmutableDictionary<PublicKey, MeterRecord> Meters => Volatile.Read(ref _meters);

    public static ProviderDatabase Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, """
                PRAGMA journal_mode=WAL;
                PRAGMA synchronous=FULL;
                CREATE TABLE IF NOT EXISTS meters(node_id BLOB PRIMARY KEY, reading_key BLOB, label TEXT NOT NULL, added_at_ms INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS tariffs(meter BLOB PRIMARY KEY, tariff BLOB NOT NULL, updated_at_ms INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS chain_cursor(id INTEGER PRIMARY KEY CHECK (id = 1), height INTEGER NOT NULL, hash TEXT NOT NULL);
                """);
            var database = new ProviderDatabase(connection);
            database.LoadMeters();
            return database;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Adds or updates a meter; returns true when it was not on the list.</summary>
    public bool UpsertMeter(MeterRecord meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                INSERT INTO meters(node_id, reading_key, label, added_at_ms) VALUES ($id, $key, $label, $at)
                ON CONFLICT(node_id) DO UPDATE SET reading_key = excluded.reading_key, label = excluded.label
                """;
            command.Parameters.AddWithValue("$id", meter.NodeId.Span.ToArray());
            command.Parameters.AddWithValue("$key", meter.ReadingKey is null ? DBNull.Value : meter.ReadingKey.Span.ToArray());
            command.Parameters.AddWithValue("$label", meter.Label);
            command.Parameters.AddWithValue("$at", meter.AddedAtMs);
            command.ExecuteNonQuery();
            bool added = !_meters.TryGetValue(meter.NodeId, out var existing);
            _meters = _meters.SetItem(meter.NodeId, added ? meter : meter with { AddedAtMs = existing!.AddedAtMs });
            return added;
        }
    }

    /// <summary>Removes a meter; returns it, or null when it was not on the list.</summary>
    public MeterRecord? RemoveMeter(PublicKey nodeId)
    {
        lock (_gate)
        {
            if (!_meters.TryGetValue(nodeId, out var existing))
            {
                return null;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM meters WHERE node_id = $id";
            command.Parameters.AddWithValue("$id", nodeId.Span.ToArray());
            command.ExecuteNonQuery();
            _meters = _meters.Remove(nodeId);
            return existing;
        }
    }

    /// <summary>The tariff stored for <paramref name="meter"/> (null: the default tariff), or null.</summary>
    public TariffRecord? GetTariff(PublicKey? meter)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT tariff, updated_at_ms FROM tariffs WHERE meter = $meter";
            command.Parameters.AddWithValue("$meter", meter is null ? Array.Empty<byte>() : meter.Span.ToArray());
            using var reader = command.ExecuteReader();
            return reader.Read() ? new TariffRecord((byte[])reader[0], reader.GetInt64(1)) : null;
        }
    }

    public void SetTariff(PublicKey? meter, TariffRecord tariff)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO tariffs(meter, tariff, updated_at_ms) VALUES ($meter, $tariff, $at)";
            command.Parameters.AddWithValue("$meter", meter is null ? Array.Empty<byte>() : meter.Span.ToArray());
            command.Parameters.AddWithValue("$tariff", tariff.Tariff);
            command.Parameters.AddWithValue("$at", tariff.UpdatedAtMs);
            command.ExecuteNonQuery();
        }
    }

    public bool ClearTariff(PublicKey meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM tariffs WHERE meter = $meter";
            command.Parameters.AddWithValue("$meter", meter.Span.ToArray());
            return command.ExecuteNonQuery() > 0;
        }
    }

    public ChainCursor? GetCursor()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT height, hash FROM chain_cursor WHERE id = 1";
            using var reader = command.ExecuteReader();
            return reader.Read() ? new ChainCursor(reader.GetInt32(0), BlockHash.Parse(reader.GetString(1))) : null;
        }
    }

    public void SaveCursor(ChainCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO chain_cursor(id, height, hash) VALUES (1, $height, $hash)";
            command.Parameters.AddWithValue("$height", cursor.Height);
            command.Parameters.AddWithValue("$hash", cursor.Hash.ToString());
            command.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();

    private void LoadMeters()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT node_id, reading_key, label, added_at_ms FROM meters";
        using var reader = command.ExecuteReader();
        var builder = ImmutableDictionary.CreateBuilder<PublicKey, MeterRecord>();
        while (reader.Read())
        {
            var id = PublicKey.FromBytes((byte[])reader[0]);
            PublicKey? key = reader.IsDBNull(1) ? null : PublicKey.FromBytes((byte[])reader[1]);
            builder[id] = new MeterRecord(id, key, reader.GetString(2), reader.GetInt64(3));
        }

        _meters = builder.ToImmutable();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
