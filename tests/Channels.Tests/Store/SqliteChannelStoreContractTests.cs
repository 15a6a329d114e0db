using Microchannels.Channels.Store;

namespace Microchannels.Channels.Tests.Store;

public class SqliteChannelStoreContractTests : ChannelStoreContractTests
{
    private readonly TempDirectory _directory = new();

    protected override Task<IChannelStore> OpenStoreAsync() =>
        Task.FromResult<IChannelStore>(SqliteChannelStore.Open(new SqliteChannelStoreOptions(_directory.File("channels.db"))));

    protected override Task CleanUpAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
