using Microchannels.Meter.Daemon.Tests.Support;
using Xunit.Abstractions;

namespace Microchannels.Meter.Daemon.Tests;

/// <summary>
/// Issue 11 "Tests": SIGKILL the meter daemon at random moments while it streams and restart
/// it each time. After every restart the channel comes back (reestablished, paying again: it
/// never halts); at the end the channel has moved exactly price × pulses of its last committed
/// reading (no pulse lost, no Wh paid twice).
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class KillCampaignTests(ITestOutputHelper output)
{
    /// <summary>What CI runs (each kill costs a restart of a .NET process, about two seconds here).</summary>
    public const int CiKills = 8;

    /// <summary>The issue's full campaign: set MICROCHANNELS_FULL_KILL_CAMPAIGN=1 to run it.</summary>
    public const int FullKills = 100;

    [Fact]
    public async Task Meter_killed_at_random_moments_loses_no_pulse_pays_no_Wh_twice_and_never_halts()
    {
        int kills = Environment.GetEnvironmentVariable("MICROCHANNELS_FULL_KILL_CAMPAIGN") == "1" ? FullKills : CiKills;
        int seed = Environment.TickCount;
        output.WriteLine($"{kills} kills, seed {seed}");
        var random = new Random(seed);

        await using var rig = await StreamingRig.StartAsync();
        await rig.StartMeterAsync();
        await rig.FundAndOpenAsync();

        for (int kill = 0; kill < kills; kill++)
        {
            var before = await rig.WaitAsync(s => s.Channel.State == "Normal", "the channel normal before a kill");

            // A random moment within a few payment intervals (1 s each): before, during or after a transfer.
            await Task.Delay(random.Next(0, 3000));
            rig.Meter!.Signal(DaemonProcess.SigKill);
            await rig.Meter.WaitForExitAsync(TimeSpan.FromSeconds(30));
            await rig.Meter.DisposeAsync();
            await rig.StartMeterAsync();

            // It never halts: reestablished, and a new payment acknowledged beyond what was paid before the kill.
            var after = await rig.WaitAsync(
                s => s.Channel.State == "Normal" && s.Channel.Connected && s.Payments.PaidMsat > before.Payments.PaidMsat && s.Channel.CommittedReading is not null,
                $"the channel to stream again after kill {kill + 1}",
                90);
            output.WriteLine($"kill {kill + 1}: paid {before.Payments.PaidMsat} -> {after.Payments.PaidMsat} msat");
        }

        var settled = await StreamingProcessTests.QuietAsync(rig);
        StreamingProcessTests.AssertPaidExactly(settled);
        Assert.Contains(settled.Channel.State, new[] { "Normal" });
        output.WriteLine($"after {kills} kills: {settled.Channel.CommittedReading!.PulseCount} pulses paid, {(settled.Channel.CapacitySat!.Value * 1000) - settled.Channel.BalanceMsat!.Value} msat moved, relay {(settled.Relay.On ? "on" : "off")}");
    }
}
