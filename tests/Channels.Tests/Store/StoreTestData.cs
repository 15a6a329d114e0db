using System.Buffers.Binary;
using Microchannels.Channels.Store;
using Microsoft.Data.Sqlite;

namespace Microchannels.Channels.Tests.Store;

/// <summary>Deterministic channel keys and states, so any stored record can be recomputed and checked.</summary>
internal static class StoreTestData
{
    public static ChannelKey Key(int channel)
    {
        var bytes = new byte[ChannelKey.Size];
        BinaryPrimitives.WriteInt32BigEndian(bytes, channel);
        bytes[^1] = 0xA5;
        return new ChannelKey(bytes);
    }

    /// <summary>A state blob that encodes its channel and version, a few hundred bytes like a small channel state.</summary>
    public static byte[] State(int channel, ulong version, int size = 300)
    {
        var bytes = new byte[size];
        for (int i = 0; i < size; i++)
        {
            bytes[i] = (byte)((i * 7) + channel + (int)version);
        }

        if (size >= 12)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes, channel);
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(4), version);
        }

        return bytes;
    }

    public static ChannelRecord Record(int channel, ulong version, int size = 300) =>
        new(Key(channel), version, State(channel, version, size));

    /// <summary>A raw connection outside any store (no pooling, so it never keeps the file open).</summary>
    public static SqliteConnection OpenRaw(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
