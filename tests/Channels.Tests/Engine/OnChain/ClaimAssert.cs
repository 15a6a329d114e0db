using System.Collections.Immutable;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.StateMachine;

namespace Microchannels.Channels.Tests.Engine.OnChain;

/// <summary>Checks on claims that do not reuse the engine's own code paths.</summary>
internal static class ClaimAssert
{
    /// <summary>
    /// Every input of <paramref name="claim"/> spends a P2WSH output of <paramref name="spent"/>
    /// whose witness script is the last witness item, and its signature (first item,
    /// SIGHASH_ALL) verifies under <paramref name="key"/> against the BIP 143 digest.
    /// Returns the spent outputs' total.
    /// </summary>
    public static Satoshis SignedBy(Transaction claim, Transaction spent, PublicKey key)
    {
        var spentTxId = spent.GetTxId();
        long total = 0;
        for (int i = 0; i < claim.Inputs.Length; i++)
        {
            var input = claim.Inputs[i];
            Assert.Equal(spentTxId, input.PrevOut.TxId);
            var output = spent.Outputs[(int)input.PrevOut.Index];
            var witnessScript = new Script(input.Witness[^1].Span);
            Assert.Equal(StandardScripts.PayToWitnessScriptHash(witnessScript), output.ScriptPubKey);
            var signatureWithType = input.Witness[0].Span;
            Assert.Equal((byte)SigHashType.All, signatureWithType[^1]);
            var signature = EcdsaSignature.FromDer(signatureWithType[..^1]);
            var sighash = SegwitV0SignatureHash.Compute(claim, i, witnessScript, output.Value, SigHashType.All);
            Assert.True(key.Verify(sighash, signature), $"input {i} signature");
            total += output.Value.Value;
        }

        return new Satoshis(total);
    }

    /// <summary>One output paying <paramref name="destination"/>, and a real fee rate not below <paramref name="feerate"/>.</summary>
    public static void PaysAllBut(Transaction claim, Satoshis valueIn, Script destination, FeeratePerKw feerate, int expectedWeight)
    {
        var output = Assert.Single(claim.Outputs);
        Assert.Equal(destination, output.ScriptPubKey);
        Assert.True(claim.Weight <= expectedWeight, $"weight {claim.Weight} above the estimate {expectedWeight}");
        Assert.Equal(valueIn.Value - feerate.FeeForWeight(expectedWeight).Value, output.Value.Value);
        Assert.True(valueIn.Value - output.Value.Value >= feerate.FeeForWeight(claim.Weight).Value);
    }

    /// <summary>DESIGN.md decision 4: every broadcast comes after a store of the step's final state.</summary>
    public static void StoredBeforeEveryBroadcast(ChannelStep step)
    {
        var actions = step.Actions;
        for (int i = 0; i < actions.Length; i++)
        {
            if (actions[i] is ChannelAction.BroadcastTransaction)
            {
                var lastStore = actions.Take(i).OfType<ChannelAction.PersistState>().LastOrDefault();
                Assert.NotNull(lastStore);
                Assert.Equal(step.State, lastStore.State);
            }
        }
    }

    public static ImmutableArray<Transaction> Broadcasts(ChannelStep step) =>
        [.. step.Actions.OfType<ChannelAction.BroadcastTransaction>().Select(b => b.Transaction)];
}
