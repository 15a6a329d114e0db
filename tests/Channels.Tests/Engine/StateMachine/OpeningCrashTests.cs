using Microchannels.Channels.Engine.StateMachine;

namespace Microchannels.Channels.Tests.Engine.StateMachine;

/// <summary>
/// A crash at every action of the opening, on each side (DESIGN.md decision 4): the
/// crashed side restarts from its store. Either the opening is abandoned and no funding
/// was ever broadcast, or both sides finish it and agree. Never is the funding broadcast
/// without the opener holding what it needs to close (its stored commitment 0).
/// </summary>
public class OpeningCrashTests
{
    public static TheoryData<bool, int> CrashPoints()
    {
        var data = new TheoryData<bool, int>();
        for (int k = 0; k <= 11; k++)
        {
            data.Add(true, k);
            data.Add(false, k);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public void A_crash_at_any_action_of_the_opening_either_abandons_it_unfunded_or_finishes_it_in_agreement(bool meterCrashes, int afterActions)
    {
        using var machines = new OpeningMachines();
        var crashing = meterCrashes ? machines.Meter : null;
        if (crashing is not null)
        {
            crashing.CrashAfter = afterActions;
        }

        machines.Connect();
        if (!meterCrashes)
        {
            machines.Provider!.CrashAfter = afterActions;
        }

        if (machines.Provider is not { } provider)
        {
            Assert.Null(machines.Meter.Stored);
            Assert.Empty(machines.Meter.Broadcast);
            return;
        }

        machines.Pump();
        if (machines.FundingTransaction is not null && !machines.Meter.Crashed && !provider.Crashed)
        {
            machines.Confirm(machines.Meter, 3);
            machines.Confirm(provider, 3);
            machines.Pump();
        }

        var crashed = meterCrashes ? machines.Meter : provider;
        var survivor = meterCrashes ? provider : machines.Meter;
        if (!crashed.Crashed)
        {
            // The crash point lies past the whole opening.
            AssertOpenAndAgreeing(machines);
            return;
        }

        // The connection is gone; the crashed process restarts from its store, if it kept anything.
        survivor.Input(new ChannelInput.Disconnected());
        Assert.All(machines.Meter.Broadcast, tx => Assert.Equal(machines.FundingTransaction, tx));
        if (machines.Meter.Broadcast.Count > 0)
        {
            // Broadcast only once the commitment 0 it needs to close is stored.
            Assert.True(machines.Meter.Stored is ChannelState.Opening { IsDurable: true } or ChannelState.Normal, $"stored {machines.Meter.Stored?.GetType().Name}");
        }

        if (crashed.Stored is null)
        {
            // Forgotten, as BOLT 2 allows before the funding is signed: then it was never broadcast.
            Assert.Empty(machines.Meter.Broadcast);
            Assert.True(survivor.State is ChannelState.OpeningAborted or ChannelState.Opening { IsDurable: true }, $"survivor {survivor.State.GetType().Name}");
            return;
        }

        crashed.Restart();
        if (survivor.State is ChannelState.OpeningAborted)
        {
            // The meter gave up before funding_signed arrived: it never broadcasts.
            Assert.Empty(machines.Meter.Broadcast);
            return;
        }

        machines.Meter.Input(new ChannelInput.Connected());
        provider.Input(new ChannelInput.Connected());
        machines.Pump();
        machines.Confirm(machines.Meter, 3);
        machines.Confirm(provider, 3);
        machines.Pump();
        AssertOpenAndAgreeing(machines);
    }

    private static void AssertOpenAndAgreeing(OpeningMachines machines)
    {
        var meter = Assert.IsType<ChannelState.Normal>(machines.Meter.State);
        var provider = Assert.IsType<ChannelState.Normal>(machines.Provider!.State);
        Assert.Equal(meter.Commitments.LocalCommit.Spec, provider.Commitments.RemoteCommit.Spec);
        Assert.Equal(provider.Commitments.LocalCommit.Spec, meter.Commitments.RemoteCommit.Spec);
        Assert.Equal(machines.FundingTransaction, Assert.Single(machines.Meter.Broadcast.Distinct()));
        Assert.IsType<ChannelState.Normal>(machines.Meter.Stored);
        Assert.IsType<ChannelState.Normal>(machines.Provider.Stored);
    }
}
