using System.Net;
using System.Text.Json;
using Microchannels.Meter.Daemon.Channel;
using Microchannels.Meter.Daemon.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microchannels.Meter.Daemon.Status;

/// <summary>
/// The local status endpoint, on a loopback address only: <c>GET /status</c> answers the
/// <see cref="MeterStatus"/> as JSON, <c>POST /close</c> starts a cooperative close. The
/// <c>meterd status</c> and <c>meterd close</c> commands are its clients.
/// </summary>
public sealed partial class StatusServer(MeterSettings settings, MeterNode node, ILogger<StatusServer> logger) : BackgroundService
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// Serves until stopped. A failure of the listener itself (seen once in 100 kill-campaign
    /// restarts: .NET's managed HttpListener threw from its accept path while a request arrived
    /// during start) must never stop the daemon, which pays and gates the supply: the endpoint
    /// is logged and started again a second later.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ServeAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is not OutOfMemoryException)
            {
                LogListenerFailed(e.Message);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }
    }

    private async Task ServeAsync(CancellationToken stoppingToken)
    {
        using var listener = new HttpListener();
        string host = settings.StatusListen.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{settings.StatusListen.Address}]" : settings.StatusListen.Address.ToString();
        listener.Prefixes.Add($"http://{host}:{settings.StatusListen.Port}/");
        listener.Start();
        LogListening(settings.StatusListen.ToString());
        using var registration = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                break;
            }

            try
            {
                await AnswerAsync(context, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or InvalidOperationException or OperationCanceledException)
            {
                LogRequestFailed(e.Message);
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var response = context.Response;
        object body;
        switch (request.HttpMethod, request.Url?.AbsolutePath)
        {
            case ("GET", "/status"):
                body = node.Status();
                break;
            case ("POST", "/close"):
                body = new { result = await node.CloseAsync(cancellationToken).ConfigureAwait(false) };
                break;
            default:
                response.StatusCode = 404;
                body = new { error = "GET /status or POST /close" };
                break;
        }

        response.ContentType = "application/json";
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(body, Json);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        response.Close();
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Status endpoint on http://{EndPoint}/status")]
    private partial void LogListening(string endPoint);

    [LoggerMessage(EventId = 202, Level = LogLevel.Error, Message = "The status endpoint failed and restarts in a second: {Reason}")]
    private partial void LogListenerFailed(string reason);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "A status request failed: {Reason}")]
    private partial void LogRequestFailed(string reason);
}
