using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Opening.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening;

/// <summary>
/// Both sides: commitment 0 is signed both ways; waiting for the funding transaction
/// to reach <see cref="ChannelTerms.MinimumDepth"/>. The peer's <c>channel_ready</c> may
/// arrive first (the opener "is free to send this message at any time", BOLT 2 "The
/// channel_ready Message"): it is kept in <see cref="RemoteSecondPerCommitmentPoint"/>.
/// </summary>
public sealed record AwaitingFundingConfirmed(
    ChannelTerms Terms,
    OutPoint FundingOutPoint,
    EcdsaSignature RemoteSignatureOfLocalCommit,
    PublicKey? RemoteSecondPerCommitmentPoint) : OpeningState, IStoredOpening
{
    /// <summary>BOLT 2 "The channel_ready Message": a fundee "SHOULD forget the channel if it does not see the correct funding transaction after a timeout of 2016 blocks".</summary>
    public const uint FundeeFundingTimeoutBlocks = 2016;

    public override ChannelId ChannelId => ChannelIdDerivation.V1(FundingOutPoint);

    public override ChannelTerms SettledTerms => Terms;

    /// <summary>The confirmations to wait for; never zero, as we do not run zero-conf channels.</summary>
    public uint RequiredDepth => Math.Max(1, Terms.MinimumDepth);

    /// <summary>True when we are the accepter and have waited <paramref name="blocksWaited"/> blocks in vain.</summary>
    public bool ShouldForget(uint blocksWaited) => !Terms.LocalIsOpener && blocksWaited >= FundeeFundingTimeoutBlocks;

    /// <summary>
    /// The chain reports the output at the funding outpoint with <paramref name="depth"/>
    /// confirmations. Below the required depth nothing changes and nothing is sent.
    /// At depth we check the output pays exactly the funding to the funding script,
    /// then send <c>channel_ready</c> with our point for commitment 1: the result is
    /// <see cref="AwaitingChannelReady"/>, or <see cref="ChannelOpened"/> when the
    /// peer's <c>channel_ready</c> came first.
    /// </summary>
    public (OpeningState State, ChannelReady? Message) FundingConfirmed(TxOut fundingOutput, uint depth, IChannelSigner signer)
    {
        ArgumentNullException.ThrowIfNull(fundingOutput);
        ArgumentNullException.ThrowIfNull(signer);
        if (depth < RequiredDepth)
        {
            return (this, null);
        }

        // BOLT 2: "MUST NOT send channel_ready unless outpoint ... pays exactly funding_satoshis
        // to the scriptpubkey specified in BOLT #3."
        var expected = Terms.FundingOutput;
        if (fundingOutput.Value != expected.Value || fundingOutput.ScriptPubKey != expected.ScriptPubKey)
        {
            throw new FundingOutputMismatchException(ChannelId, expected, fundingOutput);
        }

        // "MUST set second_per_commitment_point to the per-commitment point to be used for commitment transaction #1".
        var message = new ChannelReady(ChannelId, OpeningChecks.ToWire(signer.GetPerCommitmentPoint(1)));
        var waiting = new AwaitingChannelReady(Terms, FundingOutPoint, RemoteSignatureOfLocalCommit);
        OpeningState next = RemoteSecondPerCommitmentPoint is { } early
            ? new ChannelOpened(waiting.Open(early))
            : waiting;
        return (next, message);
    }

    /// <summary>The peer's <c>channel_ready</c> before our funding depth: remember its point, answer later.</summary>
    public AwaitingFundingConfirmed ReceiveChannelReady(ChannelReady message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return this with { RemoteSecondPerCommitmentPoint = ChannelReadyChecks.SecondPoint(ChannelId, message) };
    }
}
