using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Closing;

/// <summary>Channels in the states the closing tests start from, and checks on the result.</summary>
internal static class ClosingScenarios
{
    /// <summary>Transfers both ways with sub-satoshi amounts, all committed: nothing in flight.</summary>
    public static ChannelPair AfterTransfersBothWays(long meterInitialMsat = ChannelPair.FundingSatoshis * 1000)
    {
        var pair = new ChannelPair(meterInitialMsat);
        pair.MeterPays(1_234_567);
        pair.MeterPays(15_000_001);
        pair.Settle();
        pair.ProviderRefunds(345_679);
        pair.MeterPays(2_000_500);
        pair.Settle();
        return pair;
    }

    /// <summary>Both sides of <paramref name="pair"/> with another dust limit for the given side.</summary>
    public static void SetDustLimit(ChannelPair pair, bool meter, Satoshis dustLimit)
    {
        if (meter)
        {
            pair.Meter = pair.Meter with { Parameters = pair.Meter.Parameters with { Local = pair.Meter.Parameters.Local with { DustLimit = dustLimit } } };
            pair.Provider = pair.Provider with { Parameters = pair.Provider.Parameters with { Remote = pair.Provider.Parameters.Remote with { DustLimit = dustLimit } } };
        }
        else
        {
            pair.Provider = pair.Provider with { Parameters = pair.Provider.Parameters with { Local = pair.Provider.Parameters.Local with { DustLimit = dustLimit } } };
            pair.Meter = pair.Meter with { Parameters = pair.Meter.Parameters with { Remote = pair.Meter.Parameters.Remote with { DustLimit = dustLimit } } };
        }
    }

    /// <summary>Both shutdowns exchanged; stops before the first closing_signed is delivered.</summary>
    public static ClosingPair ShutDown(ClosingPair closing)
    {
        closing.Initiate(closing.Meter);
        closing.Run(stopBefore: m => m is ClosingSigned);
        return closing;
    }

    /// <summary>A closing_signed as <paramref name="from"/> would sign it for <paramref name="feeSatoshis"/>, to any scripts.</summary>
    public static ClosingSigned Proposal(ClosingSide from, ulong feeSatoshis, ClosingFeeRange? range, ByteVector? fromScript = null, ByteVector? toScript = null)
    {
        var commitments = from.Commitments;
        var spec = commitments.LocalCommit.Spec;
        var toDefault = from.Name == "meter" ? ClosingPair.ProviderScript : ClosingPair.MeterScript;
        var closing = ClosingTransaction.Build(
            commitments.Parameters.LocalCommitmentParameters,
            new Script((fromScript ?? from.Script).Span),
            new Script((toScript ?? toDefault).Span),
            spec.ToLocal,
            spec.ToRemote,
            new Satoshis((long)feeSatoshis));
        var signature = from.Signer.SignClosingTransaction(closing);
        return ClosingPair.RoundTrip(new ClosingSigned(commitments.ChannelId, feeSatoshis, new CompactSignature(signature.ToCompact())) { FeeRange = range });
    }

    /// <summary>
    /// The 2-of-2 witness holds one valid SIGHASH_ALL signature per funding key, in the order
    /// of the keys in the funding script (BOLT 3 "Funding Transaction Output").
    /// </summary>
    public static void AssertFullySigned(Transaction tx, ChannelParameters parameters)
    {
        var a = parameters.Local.Basepoints.FundingPubKey;
        var b = parameters.Remote.Basepoints.FundingPubKey;
        var (first, second) = a.CompareTo(b) < 0 ? (a, b) : (b, a);
        var fundingScript = ChannelScripts.Funding(a, b);
        var sighash = SegwitV0SignatureHash.Compute(tx, 0, fundingScript, parameters.FundingAmount, SigHashType.All);
        var witness = tx.Inputs[0].Witness;
        Assert.Equal(4, witness.Count);
        Assert.True(witness[0].IsEmpty);
        Assert.Equal(fundingScript.ToBytes(), witness[3].ToArray());
        foreach (var (item, key) in new[] { (witness[1], first), (witness[2], second) })
        {
            Assert.Equal((byte)SigHashType.All, item.Span[^1]);
            Assert.True(key.Verify(sighash, EcdsaSignature.FromDer(item.Span[..^1])));
        }
    }
}
