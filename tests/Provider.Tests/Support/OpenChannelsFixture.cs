using Microchannels.Bitcoin;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Provider.Tests.Support;

/// <summary>
/// One daemon on the SIMULATED embedded chain with four meters whose channels are open: A and B have
/// streamed transfers, C is there to be force closed, D to be closed cooperatively. Shared by
/// the .NET and Python client tests (starting a daemon costs seconds).
/// </summary>
public sealed class OpenChannelsFixture : IAsyncLifetime
{
    public const ulong FundingSat = 1_000_000;
    public const int TransfersEach = 5;
    /// <summary>Five of these (12,500 sat) put the provider above the 1% reserve (10,000 sat) the meter requires, so it can refund.</summary>
    public const ulong TransferMsat = 2_500_000;

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("microchannels-provider-test-").FullName;

    internal TestChain Chain { get; private set; } = null!;

    internal DaemonProcess Daemon { get; private set; } = null!;

    internal TestMeter A { get; private set; } = null!;

    internal TestMeter B { get; private set; } = null!;

    internal TestMeter C { get; private set; } = null!;

    internal TestMeter D { get; private set; } = null!;

    internal ProviderService.ProviderServiceClient Admin => Daemon.Client(Daemon.AdminToken);

    internal ProviderService.ProviderServiceClient ReadOnly => Daemon.Client(Daemon.ReadOnlyToken);

    public async Task InitializeAsync()
    {
        Chain = await TestChain.StartAsync(ChainKind.Embedded);
        Daemon = await DaemonProcess.StartAsync(_dataDirectory, Chain.Url);
        A = new TestMeter("A", Chain);
        B = new TestMeter("B", Chain);
        C = new TestMeter("C", Chain);
        D = new TestMeter("D", Chain);
        TestMeter[] meters = [A, B, C, D];
        foreach (var meter in meters)
        {
            await Admin.AllowMeterAsync(new AllowMeterRequest { NodeId = meter.NodeKey.PublicKey.ToString(), ReadingKey = meter.ReadingKey.PublicKey.ToString(), Label = $"meter {meter.Name}" });
        }

        foreach (var meter in meters)
        {
            // One at a time: each pays its wallet from the harness wallet first.
            await meter.OpenAsync(Daemon, new Satoshis((long)FundingSat));
        }

        await Chain.MineAsync(3);
        await Task.WhenAll(meters.Select(m => m.ConfirmAsync(Daemon)));
        await A.PayAsync(TransfersEach, TransferMsat);
        await B.PayAsync(TransfersEach, TransferMsat);
        await A.WaitCompletedAsync(TransfersEach);
        await B.WaitCompletedAsync(TransfersEach);
        await Eventually.TrueAsync(async () => (await ReadOnly.GetInfoAsync(new GetInfoRequest())).LastTransferSequence >= 2 * TransfersEach, "the journal holding every transfer");
    }

    public async Task DisposeAsync()
    {
        foreach (var meter in (TestMeter?[])[A, B, C, D])
        {
            if (meter is not null)
            {
                await meter.DisposeAsync();
            }
        }

        await Daemon.DisposeAsync();
        await Chain.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class OpenChannelsCollection : ICollectionFixture<OpenChannelsFixture>
{
    public const string Name = "daemon with open channels";
}
