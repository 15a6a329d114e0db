using Grpc.Core;
using Grpc.Net.Client;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Connection;

/// <summary>
/// One gRPC channel to the daemon: TLS pinned to its certificate (or h2c on loopback when asked),
/// and every call carrying "authorization: Bearer &lt;token&gt;".
/// </summary>
public sealed class DaemonConnection : IDisposable
{
    private readonly GrpcChannel channel;
    private readonly Metadata headers;

    private DaemonConnection(ConnectionSettings settings, PinnedCertificate? pin, GrpcChannel channel, string token)
    {
        Settings = settings;
        Pin = pin;
        this.channel = channel;
        headers = new Metadata { { "authorization", "Bearer " + token } };
        Client = new ProviderService.ProviderServiceClient(channel);
    }

    public ConnectionSettings Settings { get; }

    /// <summary>The pinned certificate; null for a cleartext connection.</summary>
    public PinnedCertificate? Pin { get; }

    public ProviderService.ProviderServiceClient Client { get; }

    /// <summary>Reads the token and the certificate; nothing is sent until the first call.</summary>
    public static DaemonConnection Open(ConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string token = TokenFile.Read(settings.TokenPath);
        PinnedCertificate? pin = settings.Cleartext ? null : PinnedCertificate.Load(settings.CertificatePath!);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            EnableMultipleHttp2Connections = true,
        };
        if (pin is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = pin.Validate;
        }

        var channel = GrpcChannel.ForAddress(settings.Server.ToUri(settings.Cleartext), new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,

            // Failures are reported at once, with what to do; mcli does not retry behind the user's back.
            MaxRetryAttempts = 0,
        });
        return new DaemonConnection(settings, pin, channel, token);
    }

    /// <summary>Options for a unary call: the token and the --timeout deadline.</summary>
    public CallOptions Unary(CancellationToken cancellation) =>
        new(headers, Settings.Timeout is { } timeout ? DateTime.UtcNow + timeout : null, cancellation);

    /// <summary>Options for a stream: the token, no deadline (a subscription runs until stopped).</summary>
    public CallOptions Stream(CancellationToken cancellation) => new(headers, null, cancellation);

    public void Dispose()
    {
        channel.Dispose();
        Pin?.Dispose();
    }
}
