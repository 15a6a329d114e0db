using Microchannels.Channels.Store;
using Microchannels.Channels.Tests.Vectors;

namespace Microchannels.Channels.Tests.Store;

/// <summary>
/// Issue 14 item 5: a store written by the previous format opens and every record decodes to
/// what it held. <c>Fixtures/channels-format1.db</c> was written by the format-1 code (see
/// <see cref="StoreFixtureStates"/>) and is never rewritten; a change of the schema or of a
/// record codec must migrate it (SqliteChannelSchema's migrations, a new codec version that
/// keeps reading the old), or this test fails.
/// </summary>
public sealed class StoreFormatFixtureTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_store_written_by_format_1_opens_and_every_record_decodes_to_what_it_held()
    {
        string path = _directory.File("channels.db");
        File.Copy(RepositoryFile.Find("tests", "Channels.Tests", "Store", "Fixtures", "channels-format1.db"), path);
        var expected = File.ReadAllLines(RepositoryFile.Find("tests", "Channels.Tests", "Store", "Fixtures", "channels-format1.facts"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();

        await using var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions(path));
        var names = expected.Select(line => line.Split('|')[0]).ToList();
        Assert.Equal(8, names.Count);
        foreach (var (name, facts) in names.Zip(expected))
        {
            var record = await store.LoadAsync(StoreFixtureStates.KeyOf(name));
            Assert.True(record is not null, $"record {name} is missing");
            Assert.Equal(facts, StoreFixtureStates.Facts(name, record.State.Span));
        }

        // The migrated store takes new writes.
        await store.SaveAsync(new ChannelRecord(StoreFixtureStates.KeyOf("normal-provider"), 1_000, (await store.LoadAsync(StoreFixtureStates.KeyOf("normal-provider")))!.State));
    }
}
