using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Closing;

/// <summary>
/// One node's channel as its shell would hold it: in normal operation, shutting down, or
/// negotiating, with what it closes to and at which feerates.
/// </summary>
internal sealed class ClosingSide
{
    public ClosingSide(string name, Commitments commitments, IChannelSigner signer, ByteVector script, ClosingFeerates feerates, ShutdownTerms terms)
    {
        Name = name;
        Normal = commitments;
        Signer = signer;
        Script = script;
        Feerates = feerates;
        Terms = terms;
    }

    public string Name { get; }

    public IChannelSigner Signer { get; }

    public ByteVector Script { get; }

    public ClosingFeerates Feerates { get; set; }

    public ShutdownTerms Terms { get; }

    public Commitments? Normal { get; set; }

    public ShuttingDown? ShuttingDown { get; set; }

    public Negotiating? Negotiating { get; set; }

    /// <summary>The fully signed closing transaction, once agreed: "broadcast this".</summary>
    public Transaction? Broadcast { get; set; }

    public Commitments Commitments => Negotiating?.Commitments ?? ShuttingDown?.Commitments ?? Normal!;

    public void Enter(ShuttingDown state)
    {
        Normal = null;
        ShuttingDown = state;
    }

    public void Enter(Negotiating state)
    {
        Normal = null;
        ShuttingDown = null;
        Negotiating = state;
    }

    public override string ToString() => Name;
}
