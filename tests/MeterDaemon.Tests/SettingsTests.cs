using Microchannels.Meter.Daemon.Configuration;
using Microsoft.Extensions.Configuration;

namespace Microchannels.Meter.Daemon.Tests;

/// <summary>Every bad setting stops the daemon with one line naming it.</summary>
public sealed class SettingsTests
{
    private const string Provider = "02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9@127.0.0.1:9735";

    [Fact]
    public void Defaults_with_a_provider_are_valid()
    {
        var settings = MeterSettings.From(Configuration(new()), "/tmp/meter");

        Assert.Equal("127.0.0.1", settings.Provider.Host);
        Assert.Equal(9735, settings.Provider.Port);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Payments.Interval);
        Assert.Equal("simulated", settings.SourceKind);
        Assert.Equal("simulated", settings.RelayKind);
        Assert.Equal(9740, settings.StatusListen.Port);
    }

    [Theory]
    [InlineData("Provider", "not-a-node@host:1")]
    [InlineData("Provider", "02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9@host")]
    [InlineData("Provider", "02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f8@127.0.0.1:9735")]
    [InlineData("Network", "moonnet")]
    [InlineData("Bitcoind:RpcUrl", "ftp://x/")]
    [InlineData("Channel:FundingSat", "100")]
    [InlineData("Payments:IntervalSeconds", "0.5")]
    [InlineData("Payments:Mode", "sometimes")]
    [InlineData("Source:Kind", "magic")]
    [InlineData("Source:ImpulsesPerKwh", "0")]
    [InlineData("Status:Listen", "0.0.0.0:9740")]
    [InlineData("Tariff:ImportMsatPerWh", "5000")]
    [InlineData("Relay:ActiveLow", "perhaps")]
    public void A_bad_value_names_its_setting(string key, string value)
    {
        var e = Assert.Throws<InvalidSettingException>(() => MeterSettings.From(Configuration(new() { [key] = value }), "/tmp/meter"));

        Assert.Equal(key, e.Setting);
        Assert.StartsWith($"invalid setting {key}:", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("s0", "Source:GpioChip")]
    [InlineData("sml", "Source:SerialPort")]
    [InlineData("replay", "Source:ReplayFile")]
    public void A_hardware_source_needs_its_device(string kind, string missing)
    {
        var e = Assert.Throws<InvalidSettingException>(() => MeterSettings.From(Configuration(new() { ["Source:Kind"] = kind }), "/tmp/meter"));

        Assert.Equal(missing, e.Setting);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values)
    {
        values.TryAdd("Provider", Provider);
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
