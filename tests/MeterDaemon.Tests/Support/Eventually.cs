namespace Microchannels.Meter.Daemon.Tests.Support;

internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> and <paramref name="context"/> after <paramref name="timeout"/>.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, Func<T, bool> condition, TimeSpan timeout, string what, Func<string>? context = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        T? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await probe();
                if (last is not null && condition(last))
                {
                    return last;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // Not answering yet.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"timed out waiting for {what}; last: {last}\n{context?.Invoke()}");
        return null!;
    }
}
