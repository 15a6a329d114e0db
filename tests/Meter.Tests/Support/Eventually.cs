namespace Microchannels.Meter.Tests.Support;

/// <summary>Waits for what other threads (runners, sockets) bring about; the deadline only guards against a hang.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, CancellationToken ct)
    {
        while (!condition())
        {
            if (ct.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(2, CancellationToken.None);
        }
    }
}
