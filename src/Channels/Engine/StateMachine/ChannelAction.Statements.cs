using Microchannels.Channels.Billing.Statements;
using Microchannels.Channels.Billing.Statements.Errors;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>Statement notifications the runner raises (docs/STATEMENTS.md); the engine never does.</summary>
public abstract partial record ChannelAction
{
    /// <summary>Both sides signed this statement, and it is stored.</summary>
    public sealed record StatementCountersigned(BillingStatement Statement) : ChannelAction;

    /// <summary>The counterparty's <c>statement_signature</c> did not verify over our statement: nothing was stored.</summary>
    public sealed record StatementSignatureRefused(StatementException Reason) : ChannelAction;
}
