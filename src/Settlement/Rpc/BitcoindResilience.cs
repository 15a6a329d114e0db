using Polly;
using Polly.Retry;

namespace Microchannels.Settlement.Rpc;

/// <summary>
/// The Polly pipeline around one RPC call (DESIGN.md decision 7): a total
/// timeout outside, and inside it a retry with exponential backoff and jitter
/// that handles only faults the client marked transient
/// (<see cref="BitcoindException.IsTransient"/>): the node is not reachable or
/// not ready yet. A JSON-RPC error reply is an answer, not a fault, and goes
/// straight back to the caller (the one exception is -28, RPC_IN_WARMUP).
/// </summary>
internal static class BitcoindResilience
{
    public static ResiliencePipeline Build(BitcoindRpcOptions options)
    {
        options.Validate();

        // Strategies run in the order added: the timeout bounds every attempt and every wait.
        var builder = new ResiliencePipelineBuilder().AddTimeout(options.Timeout);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<BitcoindException>(fault => fault.IsTransient),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                OnRetry = args =>
                {
                    if (options.OnRetry is { } notify && args.Outcome.Exception is BitcoindException fault)
                    {
                        // Polly counts attempts from 0; the notice counts requests from 1.
                        notify(new BitcoindRetryNotice(fault.Method, args.AttemptNumber + 1, args.RetryDelay, fault));
                    }

                    return default;
                },
            });
        }

        return builder.Build();
    }
}
