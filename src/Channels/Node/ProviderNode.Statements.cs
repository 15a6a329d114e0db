using Microchannels.Channels.Billing.Statements;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Node;

/// <summary>Billing statements (docs/STATEMENTS.md): the node key signs them; countersigned ones are kept in the store.</summary>
public sealed partial class ProviderNode
{
    /// <summary>
    /// Signs <paramref name="statement"/> with the node key, as the provider. Only a statement
    /// naming this node can be signed: the key never signs for another node id.
    /// </summary>
    public BillingStatement SignStatement(BillingStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return statement.SignAsProvider(_nodeKey);
    }

    /// <summary>The countersigned statement of <paramref name="channelId"/> for exactly [start, end), or null if none was stored.</summary>
    public async Task<BillingStatement?> FindStatementAsync(ChannelId channelId, ulong periodStart, ulong periodEnd, CancellationToken cancellationToken = default)
    {
        var record = await _store.LoadAsync(StatementRecord.KeyOf(channelId, periodStart, periodEnd), cancellationToken).ConfigureAwait(false);
        return record is { } found && StatementRecord.IsStatement(found.State.Span) ? StatementRecord.Decode(found.State.Span) : null;
    }
}
