using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening;

/// <summary>
/// What <c>open_channel</c> and <c>accept_channel</c> settled, before the funding
/// outpoint is known: both sides' parameters, the amounts, the initial fee rate, the
/// counterparty's point for its commitment 0, the confirmations the accepter asked
/// for, and the key that signs meter readings.
/// </summary>
public sealed record ChannelTerms(
    ChannelId TemporaryChannelId,
    Satoshis FundingAmount,
    MilliSatoshis PushAmount,
    FeeratePerKw Feerate,
    bool LocalIsOpener,
    ChannelSideParameters Local,
    ChannelSideParameters Remote,
    PublicKey RemoteFirstPerCommitmentPoint,
    uint MinimumDepth,
    PublicKey MeterReadingKey)
{
    /// <summary>BOLT 3 "Funding Transaction Output": the 2-of-2 witness script.</summary>
    public Script FundingScript => ChannelScripts.Funding(Local.Basepoints.FundingPubKey, Remote.Basepoints.FundingPubKey);

    /// <summary>The P2WSH output the funding transaction must pay <see cref="FundingAmount"/> to.</summary>
    public Script FundingScriptPubKey => StandardScripts.PayToWitnessScriptHash(FundingScript);

    public TxOut FundingOutput => new(FundingAmount, FundingScriptPubKey);

    /// <summary>
    /// Our commitment 0: the opener holds the funding minus what it pushed, the
    /// accepter holds the push (BOLT 2 "The open_channel Message": push_msat is "an
    /// amount of initial funds that the sender is unconditionally giving to the receiver").
    /// </summary>
    public CommitmentSpec LocalSpec
    {
        get
        {
            var opener = OpenerBalance;
            return LocalIsOpener
                ? CommitmentSpec.WithoutHtlcs(opener, PushAmount, Feerate)
                : CommitmentSpec.WithoutHtlcs(PushAmount, opener, Feerate);
        }
    }

    /// <summary>The opener's initial balance; push_msat was checked against the funding when the terms were made.</summary>
    public MilliSatoshis OpenerBalance => MilliSatoshis.FromSatoshis((ulong)FundingAmount.Value) - PushAmount;

    /// <summary>The channel's parameters once the funding outpoint is known; its channel_id is derived from it.</summary>
    public ChannelParameters ToParameters(OutPoint fundingOutPoint) => new(
        ChannelIdDerivation.V1(fundingOutPoint),
        fundingOutPoint,
        FundingAmount,
        LocalIsOpener,
        Local,
        Remote,
        MeterReadingKey);
}
