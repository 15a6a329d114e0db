using System.Diagnostics;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Tests.Engine;
using Microchannels.Channels.Tests.Engine.Closing;
using Microchannels.Channels.Transactions;
using Xunit.Abstractions;
using Op = Microchannels.Channels.Tests.Engine.ChannelHistory.Op;

namespace Microchannels.Oracle.Tests;

/// <summary>
/// Issue 15 item 3 over the pure engine: 1,000 seeded random channel histories (transfers
/// both ways, fee updates, partial deliveries, reconnections, restarts from the stored
/// encoding, as <c>ChannelModelProperties</c> drives them). Every commitment either side
/// reaches is signed as for broadcast and checked by NBitcoin's interpreter; at the end
/// each side punishes every revoked commitment of the other (penalty), sweeps its own
/// <c>to_local</c> after the delay, claims its <c>to_remote</c> from every commitment of
/// the other, and both close cooperatively. Every penalty and sweep is also re-signed at higher
/// fees (<see cref="ClaimBumper"/>, issue 14 item 1) and each version is checked too.
/// </summary>
public sealed class ChannelHistoryOracleTests(ITestOutputHelper output)
{
    private const int Histories = 1000;
    private const int FirstSeed = 20261202;

    private static readonly (int Weight, Op Op)[] Weights =
    [
        (6, Op.MeterPays), (3, Op.ProviderRefunds), (1, Op.FeeUpdate), (3, Op.MeterSigns), (3, Op.ProviderSigns),
        (6, Op.DeliverToProvider), (6, Op.DeliverToMeter), (1, Op.Reconnect), (1, Op.RestartMeter), (1, Op.RestartProvider),
    ];

    [Fact]
    public void Every_transaction_the_engine_signs_in_1000_random_histories_satisfies_NBitcoins_interpreter()
    {
        var counts = new Counts();
        long inputsBefore = ScriptOracle.InputsChecked;
        var elapsed = Stopwatch.StartNew(); // reported, never asserted
        for (int history = 0; history < Histories; history++)
        {
            Run(FirstSeed + history, counts);
        }

        output.WriteLine(
            $"{Histories} histories: {counts.Commitments} commitments, {counts.Penalties} penalties, {counts.Sweeps} to_local sweeps, " +
            $"{counts.ToRemoteClaims} to_remote claims, {counts.Bumps} re-signed claims, {counts.Closings} closings; {ScriptOracle.InputsChecked - inputsBefore} inputs verified in {elapsed.Elapsed.TotalSeconds:F1} s");

        // The histories must reach every kind of transaction, or the oracle checks little.
        // (Seeded: 4,280 commitments, 2,278 penalties, 2,000 sweeps, 4,279 to_remote claims.)
        Assert.True(counts.Commitments > 3 * Histories, $"{counts.Commitments} commitments");
        Assert.True(counts.Penalties > 2 * Histories, $"{counts.Penalties} penalties");
        Assert.True(counts.Sweeps > Histories, $"{counts.Sweeps} sweeps");
        Assert.True(counts.ToRemoteClaims > 3 * Histories, $"{counts.ToRemoteClaims} to_remote claims");
        Assert.True(counts.Bumps > (counts.Penalties + counts.Sweeps) / 4, $"{counts.Bumps} re-signed claims");
        Assert.Equal(Histories, counts.Closings);
    }

    private static void Run(int seed, Counts counts)
    {
        var random = new Random(seed);
        using var pair = new ChannelPair(meterInitialMsat: random.NextInt64(500_000, 1_000_001) * 1000);
        using var meterSecrets = ChannelSecrets.FromSeed(Enumerable.Repeat((byte)0x42, 32).ToArray());
        using var providerSecrets = ChannelSecrets.FromSeed(Enumerable.Repeat((byte)0x24, 32).ToArray());
        Assert.Equal(pair.MeterSigner.Basepoints.PaymentBasepoint, meterSecrets.PaymentBasepointSecret.PublicKey);
        Assert.Equal(pair.ProviderSigner.Basepoints.PaymentBasepoint, providerSecrets.PaymentBasepointSecret.PublicKey);

        var funding = new TxOut(
            new Satoshis(ChannelPair.FundingSatoshis),
            StandardScripts.PayToWitnessScriptHash(ChannelScripts.Funding(pair.MeterSigner.Basepoints.FundingPubKey, pair.ProviderSigner.Basepoints.FundingPubKey)));
        var meterCommitments = new Dictionary<ulong, Transaction>();
        var providerCommitments = new Dictionary<ulong, Transaction>();
        string where = $"seed {seed}";

        int steps = random.Next(5, 30);
        for (int step = 0; step < steps; step++)
        {
            _ = ChannelHistory.Apply(pair, Pick(random), random.Next(1, 30_000_000));
            Record(pair.Meter, pair.MeterSigner, meterCommitments, funding, $"{where}, meter", counts);
            Record(pair.Provider, pair.ProviderSigner, providerCommitments, funding, $"{where}, provider", counts);
        }

        pair.Settle();
        Record(pair.Meter, pair.MeterSigner, meterCommitments, funding, $"{where}, meter", counts);
        Record(pair.Provider, pair.ProviderSigner, providerCommitments, funding, $"{where}, provider", counts);

        Resolve(pair.Provider, pair.ProviderSigner, providerSecrets.PaymentBasepointSecret, meterCommitments, $"{where}, provider against the meter", counts);
        Resolve(pair.Meter, pair.MeterSigner, meterSecrets.PaymentBasepointSecret, providerCommitments, $"{where}, meter against the provider", counts);
        SweepOwn(pair.Meter, pair.MeterSigner, meterCommitments[pair.Meter.LocalCommit.Index], $"{where}, meter", counts);
        SweepOwn(pair.Provider, pair.ProviderSigner, providerCommitments[pair.Provider.LocalCommit.Index], $"{where}, provider", counts);

        var closing = new ClosingPair(pair);
        closing.Initiate(random.Next(2) == 0 ? closing.Meter : closing.Provider);
        closing.Run();
        var signed = closing.Meter.Broadcast ?? closing.Provider.Broadcast;
        Assert.True(signed is not null, $"{where}: no closing transaction agreed");
        ScriptOracle.AssertSpends(signed, [funding], $"{where}: closing transaction");
        counts.Closings++;
    }

    private static Op Pick(Random random)
    {
        int roll = random.Next(Weights.Sum(w => w.Weight));
        foreach (var (weight, op) in Weights)
        {
            if (roll < weight)
            {
                return op;
            }

            roll -= weight;
        }

        throw new InvalidOperationException("unreachable");
    }

    /// <summary>A commitment this side reached for the first time: signed as for broadcast, and checked.</summary>
    private static void Record(Commitments state, IChannelSigner signer, Dictionary<ulong, Transaction> seen, TxOut funding, string who, Counts counts)
    {
        ulong index = state.LocalCommit.Index;
        if (seen.ContainsKey(index))
        {
            return;
        }

        var signed = state.SignedLocalCommitment(signer);
        ScriptOracle.AssertSpends(signed, [funding], $"{who} commitment {index}");
        seen[index] = signed;
        counts.Commitments++;
    }

    /// <summary>
    /// Each commitment the other side signed, as if it were broadcast: a revoked one is
    /// punished (BOLT 5 "Revoked Transaction Close Handling"), the current one left to
    /// its delay; from every one, our <c>to_remote</c> is claimed.
    /// </summary>
    private static void Resolve(Commitments state, IChannelSigner signer, PrivateKey paymentSecret, Dictionary<ulong, Transaction> theirs, string who, Counts counts)
    {
        var localPoint = signer.GetPerCommitmentPoint(state.LocalCommit.Index);
        foreach (var (index, commitment) in theirs)
        {
            var classification = FundingSpendClassifier.Classify(state, commitment, localPoint);
            var expected = index < state.RemoteCommit.Index ? FundingSpendKind.RevokedRemoteCommitment : FundingSpendKind.RemoteCommitment;
            Assert.True(expected == classification.Kind, $"{who}: their commitment {index} classified {classification.Kind}");
            var close = FundingSpendResolver.Resolve(state, commitment, classification, signer);
            if (close.Claim is { } penalty)
            {
                ScriptOracle.AssertSpends(penalty, ScriptOracle.SpentOutputs(penalty, commitment), $"{who}: penalty for commitment {index}");
                counts.Penalties++;
                AssertBumps(state, signer, close, classification, commitment, $"{who}: penalty for commitment {index}", counts);
            }

            var toRemote = close.OurOutputs.Where(o => o.OutPoint.TxId == commitment.GetTxId()).ToList();
            foreach (var output in toRemote)
            {
                var claim = ClaimToRemote(output.OutPoint, output.Amount, paymentSecret);
                ScriptOracle.AssertSpends(claim, ScriptOracle.SpentOutputs(claim, commitment), $"{who}: to_remote claim from commitment {index}");
                counts.ToRemoteClaims++;
            }
        }
    }

    /// <summary>Our current commitment broadcast: the <c>to_local</c> sweep after <c>to_self_delay</c> (BOLT 5 "Local Commitment Transaction").</summary>
    private static void SweepOwn(Commitments state, IChannelSigner signer, Transaction commitment, string who, Counts counts)
    {
        var classification = FundingSpendClassifier.Classify(state, commitment, signer.GetPerCommitmentPoint(state.LocalCommit.Index));
        Assert.Equal(FundingSpendKind.LocalCommitment, classification.Kind);
        var close = FundingSpendResolver.Resolve(state, commitment, classification, signer);
        if (close.Claim is { } sweep)
        {
            Assert.Equal(state.Parameters.Remote.ToSelfDelay, sweep.Inputs[0].Sequence);
            ScriptOracle.AssertSpends(sweep, ScriptOracle.SpentOutputs(sweep, commitment), $"{who}: to_local sweep");
            counts.Sweeps++;
            AssertBumps(state, signer, close with { SpendingDepth = close.ClaimDelay }, classification, commitment, $"{who}: to_local sweep", counts);
        }
    }

    /// <summary>
    /// Every fourth claim (the rest would only repeat them, at a signature each) re-signed at two
    /// higher estimates: every version spends what the first did and satisfies the interpreter.
    /// </summary>
    private static void AssertBumps(Commitments state, IChannelSigner signer, OnChainClose close, FundingSpendClassification classification, Transaction spent, string who, Counts counts)
    {
        if ((counts.Penalties + counts.Sweeps) % 4 != 0)
        {
            return;
        }

        foreach (uint estimate in new uint[] { 2_000, 8_000 })
        {
            var pricing = new ClaimPricing(new FeeratePerKw(estimate), new FeeratePerKw(10_000), ClaimPricing.DefaultIncrementalRelay);
            if (ClaimBumper.Bump(state, close, classification, pricing, signer) is not { } bumped)
            {
                continue;
            }

            var claim = bumped.Claim!;
            Assert.Equal(close.Claim!.Inputs.Select(i => (i.PrevOut, i.Sequence)), claim.Inputs.Select(i => (i.PrevOut, i.Sequence)));
            Assert.True(claim.Outputs[0].Value < close.Claim.Outputs[0].Value, $"{who}: bumped output not smaller");
            ScriptOracle.AssertSpends(claim, ScriptOracle.SpentOutputs(claim, spent), $"{who}, re-signed at {bumped.Fees!.Feerate}");
            counts.Bumps++;
            close = bumped;
        }
    }

    /// <summary>
    /// The engine resolves our <c>to_remote</c> (P2WPKH of our <c>payment_basepoint</c>,
    /// <c>option_static_remotekey</c>) but leaves spending it to the wallet that holds the
    /// basepoint secret; this is that spend, signed with our BIP 143 code.
    /// </summary>
    internal static Transaction ClaimToRemote(OutPoint outPoint, Satoshis amount, PrivateKey paymentSecret)
    {
        var publicKey = paymentSecret.PublicKey;
        var unsigned = new Transaction(
            2,
            [new TxIn(outPoint, TxIn.SequenceFinal - 2)],
            [new TxOut(new Satoshis(amount.Value - 300), StandardScripts.PayToWitnessPubKeyHashFromPublicKey(publicKey.AsSpan()))],
            0);
        var scriptCode = StandardScripts.PayToWitnessPubKeyHashScriptCodeFromPublicKey(publicKey.AsSpan());
        var signature = paymentSecret.Sign(SegwitV0SignatureHash.Compute(unsigned, 0, scriptCode, amount, SigHashType.All));
        return unsigned.WithWitness(0, new Witness(ChannelWitnesses.WithSigHashAll(signature), publicKey.ToBytes()));
    }

    private sealed class Counts
    {
        public int Commitments { get; set; }

        public int Penalties { get; set; }

        public int Sweeps { get; set; }

        public int ToRemoteClaims { get; set; }

        public int Bumps { get; set; }

        public int Closings { get; set; }
    }
}
