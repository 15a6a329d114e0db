namespace Microchannels.Demo.Run;

/// <summary>
/// The billing statement of each channel (issue 12): fetched with the provider API's
/// GetStatement and checked with <c>mcli verify-statement</c>. This build's provider API has no
/// GetStatement yet (proto/microchannels/provider/v1/provider.proto reserves it), so the step
/// says so in one line instead of showing a statement.
/// </summary>
internal sealed class StatementStep(ProviderDaemon provider, string runDirectory)
{
    public const string NotAvailable = "statements: not available in this build";

    public ProviderDaemon Provider { get; } = provider;

    public string RunDirectory { get; } = runDirectory;

    public Task<ChannelOutcome> AddAsync(ChannelOutcome outcome, CancellationToken cancellationToken) =>
        Task.FromResult(outcome with { Statement = NotAvailable, StatementVerified = false });
}
