using FsCheck;
using FsCheck.Fluent;
using Microchannels.Bitcoin;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Persistence;
using Xunit.Abstractions;

namespace Microchannels.Channels.Tests.Engine.Persistence;

/// <summary>
/// Random runs of the protocol, twice in lockstep: one pair keeps its states in memory,
/// its twin replaces both states with <c>Decode(Encode(state))</c> after every step, as
/// a node that crashes and reloads after each save would. The reloaded copies must
/// re-encode to the very bytes they came from and carry on exactly like the originals.
/// </summary>
public class CommitmentsCodecRoundTripProperties(ITestOutputHelper output)
{
    private const int Runs = 200;

    internal enum StepKind
    {
        MeterPays,
        ProviderRefunds,
        MeterSigns,
        ProviderSigns,
        DeliverToProvider,
        DeliverToMeter,
        MeterUpdatesFee,
    }

    internal sealed record Step(StepKind Kind, int Amount);

    private static Gen<Step[]> Scripts()
    {
        var step = from kind in Gen.Frequency(
                       (4, Gen.Constant(StepKind.MeterPays)),
                       (2, Gen.Constant(StepKind.ProviderRefunds)),
                       (2, Gen.Constant(StepKind.MeterSigns)),
                       (2, Gen.Constant(StepKind.ProviderSigns)),
                       (5, Gen.Constant(StepKind.DeliverToProvider)),
                       (5, Gen.Constant(StepKind.DeliverToMeter)),
                       (1, Gen.Constant(StepKind.MeterUpdatesFee)))
                   from amount in Gen.Choose(1, 50_000)
                   select new Step(kind, amount);
        return from length in Gen.Choose(10, 60)
               from steps in step.ArrayOf(length)
               select steps;
    }

    [Fact]
    public void Every_state_of_a_random_run_reloads_canonically_and_continues_like_the_original()
    {
        // How many reloaded states had each hard part in flight: the runs must reach them.
        int awaitingRevocation = 0, bothSidesProposing = 0, feeInFlight = 0, secretsStored = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs), Prop.ForAll(Arb.From(Scripts()), steps =>
        {
            using var kept = new ChannelPair(meterInitialMsat: 600_000_000);
            using var reloaded = new ChannelPair(meterInitialMsat: 600_000_000);
            foreach (var step in steps)
            {
                // Both pairs are byte-identical here, so one decides what applies.
                if (!Applies(kept, step))
                {
                    continue;
                }

                Apply(kept, step);
                Apply(reloaded, step);
                reloaded.Meter = Reload(reloaded.Meter);
                reloaded.Provider = Reload(reloaded.Provider);
                var meterState = reloaded.Meter;
                awaitingRevocation += meterState.AwaitingRevocation ? 1 : 0;
                bothSidesProposing += !meterState.LocalChanges.Proposed.IsEmpty && !meterState.RemoteChanges.Proposed.IsEmpty ? 1 : 0;
                feeInFlight += meterState.LocalChanges.Signed.Concat(meterState.LocalChanges.Proposed).Any(u => u is FeeUpdate) ? 1 : 0;
                secretsStored += meterState.RemoteSecrets.LowestIndex is not null ? 1 : 0;

                // Field by field, not through the codec: a field it forgot would compare equal.
                StateAssert.Equal(kept.Meter, reloaded.Meter);
                StateAssert.Equal(kept.Provider, reloaded.Provider);
            }

            // The reloaded pair settles to the same balances as the kept one.
            kept.Settle();
            reloaded.Settle();
            StateAssert.Equal(kept.Meter, reloaded.Meter);
            StateAssert.Equal(kept.Provider, reloaded.Provider);
            Assert.Equal(reloaded.Meter.LocalCommit.Spec, reloaded.Provider.RemoteCommit.Spec);
            return true;
        }));

        output.WriteLine($"{awaitingRevocation} awaiting revocation, {bothSidesProposing} proposing both ways, {feeInFlight} fee in flight, {secretsStored} with secrets");
        Assert.True(
            awaitingRevocation > 100 && bothSidesProposing > 100 && feeInFlight > 20 && secretsStored > 100,
            $"runs too shallow: {awaitingRevocation} awaiting revocation, {bothSidesProposing} with proposals both ways, {feeInFlight} with a fee update in flight, {secretsStored} with secrets stored");
    }

    /// <summary>Decode(Encode(s)), asserting the decoded copy re-encodes to the same bytes.</summary>
    private static Commitments Reload(Commitments state)
    {
        byte[] stored = CommitmentsCodec.Encode(state);
        var decoded = CommitmentsCodec.Decode(stored);
        Assert.Equal(stored, CommitmentsCodec.Encode(decoded));
        return decoded;
    }

    private static bool Applies(ChannelPair pair, Step step) => step.Kind switch
    {
        StepKind.MeterSigns => pair.Meter.CanSendCommit,
        StepKind.ProviderSigns => pair.Provider.CanSendCommit,
        StepKind.DeliverToProvider => pair.MessagesToProvider > 0,
        StepKind.DeliverToMeter => pair.MessagesToMeter > 0,

        // ChannelPair queues no update_fee, so it goes straight to the provider, which
        // keeps the connection's order only when nothing else is on the way there.
        StepKind.MeterUpdatesFee => pair.MessagesToProvider == 0,
        _ => true,
    };

    private static void Apply(ChannelPair pair, Step step)
    {
        switch (step.Kind)
        {
            case StepKind.MeterPays:
                pair.MeterPays((ulong)step.Amount);
                break;
            case StepKind.ProviderRefunds:
                pair.ProviderRefunds((ulong)step.Amount);
                break;
            case StepKind.MeterSigns:
                Assert.True(pair.MeterSigns());
                break;
            case StepKind.ProviderSigns:
                Assert.True(pair.ProviderSigns());
                break;
            case StepKind.DeliverToProvider:
                pair.DeliverToProvider();
                break;
            case StepKind.DeliverToMeter:
                pair.DeliverToMeter();
                break;
            case StepKind.MeterUpdatesFee:
                var (meter, updateFee) = pair.Meter.SendFee(new FeeratePerKw((uint)(253 + (step.Amount % 5_000))));
                pair.Meter = meter;
                pair.Provider = pair.Provider.ReceiveFee(updateFee);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step.Kind, "Unknown step.");
        }
    }
}
