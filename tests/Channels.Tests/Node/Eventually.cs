namespace Microchannels.Channels.Tests.Node;

/// <summary>Polls for a condition that other threads (runners, sockets) bring about.</summary>
internal static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<T?> probe, string what, CancellationToken ct)
        where T : class
    {
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }

            if (ct.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(5, CancellationToken.None);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, CancellationToken ct) =>
        ValueAsync(() => condition() ? what : null, what, ct);
}
