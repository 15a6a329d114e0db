using Microchannels.Channels.Store;

namespace Microchannels.Channels.Tests.Store;

public class InMemoryChannelStoreContractTests : ChannelStoreContractTests
{
    protected override Task<IChannelStore> OpenStoreAsync() => Task.FromResult<IChannelStore>(new InMemoryChannelStore());
}
