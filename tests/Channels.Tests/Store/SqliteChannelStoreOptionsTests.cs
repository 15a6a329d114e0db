using Microchannels.Channels.Store;

namespace Microchannels.Channels.Tests.Store;

public class SqliteChannelStoreOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        var options = new SqliteChannelStoreOptions("channels.db");

        options.Validate();
        Assert.Equal(512, options.MaxBatchSize);
        Assert.Equal(TimeSpan.FromSeconds(5), options.BusyTimeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(":memory:")]
    [InlineData("file:channels.db?mode=memory")]
    public void Path_that_cannot_be_durable_is_refused(string path) =>
        Assert.Throws<ArgumentException>(() => new SqliteChannelStoreOptions(path).Validate());

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100_001)]
    public void Max_batch_size_out_of_range_is_refused(int maxBatchSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteChannelStoreOptions("channels.db") { MaxBatchSize = maxBatchSize }.Validate());

    [Theory]
    [InlineData(0)]
    [InlineData(-1000)]
    public void Busy_timeout_not_positive_is_refused(int milliseconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new SqliteChannelStoreOptions("channels.db") { BusyTimeout = TimeSpan.FromMilliseconds(milliseconds) }.Validate());

    [Fact]
    public void Open_validates_the_options() =>
        Assert.Throws<ArgumentOutOfRangeException>(
            () => SqliteChannelStore.Open(new SqliteChannelStoreOptions("channels.db") { MaxBatchSize = 0 }));
}
