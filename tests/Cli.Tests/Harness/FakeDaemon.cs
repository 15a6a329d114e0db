using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microchannels.Cli.Tests.Harness;

/// <summary>
/// The provider API served by <see cref="FakeProviderService"/> on Kestrel: loopback, a free
/// port, HTTP/2 over TLS with the certificate of a <see cref="TestDataDirectory"/>, which
/// holds the tokens mcli reads.
/// </summary>
public sealed class FakeDaemon : IAsyncLifetime
{
    private WebApplication? app;

    public TestDataDirectory DataDirectory { get; } = TestDataDirectory.Create();

    public FakeProviderService Service { get; private set; } = null!;

    public int Port { get; private set; }

    /// <summary>The cleartext (h2c) port.</summary>
    public int CleartextPort { get; private set; }

    /// <summary>The options that point mcli at this daemon.</summary>
    public string[] Connect => ["--rpcserver", $"127.0.0.1:{Port}", "--datadir", DataDirectory.Path];

    /// <summary>Runs mcli against this daemon.</summary>
    public Task<McliResult> RunAsync(params string[] args) => Mcli.RunAsync([.. args, .. Connect]);

    public async Task InitializeAsync()
    {
        Service = new FakeProviderService(DataDirectory.AdminToken, DataDirectory.ReadOnlyToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.UseHttps(DataDirectory.Certificate);
            });

            // The daemon's Api:Insecure: cleartext HTTP/2 (prior knowledge) on loopback.
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(Service);
        app = builder.Build();
        app.MapGrpcService<FakeProviderService>();
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        Port = addresses.Single(a => a.Scheme == Uri.UriSchemeHttps).Port;
        CleartextPort = addresses.Single(a => a.Scheme == Uri.UriSchemeHttp).Port;
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        DataDirectory.Dispose();
    }
}
