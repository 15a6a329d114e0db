using System.Net;

namespace Microchannels.Meter.Daemon.Status;

/// <summary><c>meterd status</c> and <c>meterd close</c>: clients of the running daemon's loopback status endpoint.</summary>
internal static class StatusCommand
{
    public static async Task<int> RunAsync(string command, IPEndPoint endPoint)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://{endPoint}/"), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = command == "close"
                ? await client.PostAsync(new Uri("close", UriKind.Relative), null).ConfigureAwait(false)
                : await client.GetAsync(new Uri("status", UriKind.Relative)).ConfigureAwait(false);
            Console.WriteLine(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"the meter daemon does not answer on {endPoint}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
