namespace Microchannels.Provider.Tests.Support;

/// <summary>Waits for a condition the daemon reaches asynchronously; fails (never passes) when it does not come within a generous bound.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(50);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, int seconds = 60) =>
        TrueAsync(() => Task.FromResult(condition()), what, seconds);
}
