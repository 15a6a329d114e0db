using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microchannels.Hosting.Chain;

/// <summary>
/// Healthy only when bitcoind is reachable and every block is processed; degraded while
/// catching up; unhealthy while bitcoind is unreachable (channels still run off-chain).
/// </summary>
public sealed class ChainHealthCheck(Func<ChainStatus> status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = status();
        var result = now switch
        {
            { Reachable: false } => HealthCheckResult.Unhealthy($"bitcoind unreachable: {now.LastError}"),
            { Synced: false } => HealthCheckResult.Degraded($"catching up with bitcoind (processed up to {now.Tip?.Height})"),
            _ => HealthCheckResult.Healthy($"synced at height {now.Tip?.Height}"),
        };
        return Task.FromResult(result);
    }
}
