using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;

namespace Microchannels.Channels.Tests.Node;

/// <summary>Waits for what other threads (runners, sockets) bring about.</summary>
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

    /// <summary>The runner's next application event of type <typeparamref name="T"/>, skipping others.</summary>
    public static async Task<T> EventAsync<T>(ChannelRunner runner, CancellationToken ct)
        where T : ChannelAction
    {
        await foreach (var action in runner.Events.ReadAllAsync(ct))
        {
            if (action is T found)
            {
                return found;
            }
        }

        throw new InvalidOperationException($"The runner stopped before {typeof(T).Name}.");
    }
}
