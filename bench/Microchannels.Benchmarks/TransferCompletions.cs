using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;

namespace Microchannels.Benchmarks;

/// <summary>Counts the meter's transfers completed on both sides.</summary>
internal sealed class TransferCompletions
{
    private readonly Task _reader;
    private int _completed;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TransferCompletions(ChannelRunner runner)
    {
        _reader = Task.Run(async () =>
        {
            await foreach (var action in runner.Events.ReadAllAsync())
            {
                if (action is ChannelAction.TransfersCompleted done)
                {
                    Interlocked.Add(ref _completed, done.Sent.Count);
                    Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
            }
        });
    }

    public async Task WaitForAsync(int count)
    {
        while (true)
        {
            var changed = Volatile.Read(ref _changed);
            if (Volatile.Read(ref _completed) >= count)
            {
                return;
            }

            await changed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
