using System.Diagnostics;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Wire;
using Microchannels.Meter.Accounting;
using Microchannels.Meter.Relay;
using Microchannels.Meter.Sources.S0;
using Microchannels.Meter.Sources.Simulation;
using Microchannels.Meter.Streaming;
using Microchannels.Meter.Tests.Support;
using Xunit.Abstractions;

namespace Microchannels.Meter.Tests.Streaming;

/// <summary>The payment streamer driving a real <c>ChannelRunner</c> against a provider runner over loopback.</summary>
public class PaymentStreamerTests(ITestOutputHelper output)
{
    private static readonly TariffSchedule TimeOfUse = new(
    [
        new TimeOfUseBand(new TimeOnly(0, 0), new TariffPrice(150, 40)),
        new TimeOfUseBand(new TimeOnly(7, 0), new TariffPrice(330, 40)),
        new TimeOfUseBand(new TimeOnly(22, 0), new TariffPrice(150, 40)),
    ]);

    private static CancellationToken Deadline(TimeSpan after) => new CancellationTokenSource(after).Token;

    private static SimulatedPulseSource Household(ManualClock clock, uint constant = 1000) =>
        new(DailyCurvePowerProfile.Household, new S0Options { ImpulsesPerKilowattHour = constant }, clock);

    [Fact]
    public async Task A_compressed_day_on_a_time_of_use_tariff_pays_energy_times_tariff_to_the_msat()
    {
        var ct = Deadline(TimeSpan.FromMinutes(3));
        var clock = new ManualClock();
        var source = Household(clock, constant: 3000); // 1/3 Wh pulses: remainders carried all day
        await using var rig = new MeterRig(source, clock, TimeOfUse, new PaymentStreamerOptions { Interval = TimeSpan.FromMinutes(5) });
        await rig.Channel.StartProviderAsync();
        await rig.BootMeterAsync();
        await rig.Channel.ConnectAsync(ct);

        // Our own oracle: each interval's energy (pulses / 3 Wh) at the band it lies in, the band
        // of the instant before its end (an interval ending at 07:00 is still the night band's).
        var wall = Stopwatch.StartNew();
        ulong pulses = 0;
        System.Numerics.BigInteger exactThirdsOfMsat = 0;
        for (int i = 0; i < 24 * 12; i++)
        {
            await rig.IntervalAsync(ct);
            ulong now = source.Counter.Pulses;
            exactThirdsOfMsat += (now - pulses) * 1000 * (System.Numerics.BigInteger)TimeOfUse.PriceAt(clock.GetUtcNow().AddTicks(-1)).ImportMsatPerWh;
            pulses = now;
            await rig.AcknowledgedAsync(ct);
        }

        await rig.SettleAsync(ct);
        wall.Stop();
        var status = rig.Streamer!.Status;
        output.WriteLine($"24 h at 5 min intervals: {status.ImportWattHours} Wh, {status.OwedMsat} msat, in {wall.Elapsed.TotalSeconds:F1} s");

        Assert.InRange(status.ImportWattHours, 14_340UL, 14_350UL); // the household curve's 14,350 Wh a day
        Assert.Equal((ulong)(exactThirdsOfMsat / 3000), status.OwedMsat);
        Assert.Equal(status.OwedMsat, status.SentMsat);
        Assert.Equal(status.OwedMsat, status.AcknowledgedMsat);
        Assert.Equal(status.OwedMsat, rig.ProviderReceivedMsat);

        // Both sides hold the same last reading, the one the meter stored.
        var provider = ((ChannelState.Normal)rig.Channel.Provider!.State).Commitments;
        Assert.Equal(rig.Store!.Load()!.LastReading!.Reading, provider.LastRemoteReading);

        // Every reading was version 2 (the provider refuses version 1), bound to its transfer.
        Assert.Equal(2, provider.LastRemoteReading!.Value.Version);
        Assert.Equal(provider.RemoteNextTransferId - 1, provider.LastRemoteReading.Value.Binding!.TransferId);
        Assert.Empty(rig.Channel.Chain.Broadcast);
        Assert.Equal([false, true], rig.RelayOutput.Levels); // switched on once, never cut
    }

    [Fact]
    public async Task A_transfer_stored_but_never_committed_is_paid_again_once_under_a_new_reading()
    {
        var ct = Deadline(TimeSpan.FromMinutes(1));
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var source = new SimulatedPulseSource(new ConstantPowerProfile(1800), new S0Options(), clock);
        await using var rig = new MeterRig(source, clock, TimeOfUse, new PaymentStreamerOptions());
        await rig.Channel.StartProviderAsync();
        await rig.BootMeterAsync();
        await rig.Channel.ConnectAsync(ct);
        for (int i = 0; i < 10; i++)
        {
            await rig.IntervalAsync(ct);
            await rig.AcknowledgedAsync(ct);
        }

        // The provider goes away; the next transfer is stored by the meter and queued unsigned
        // in the channel, then the meter crashes: the channel never committed it.
        await rig.Channel.StopProviderAsync();
        await Eventually.TrueAsync(() => rig.Channel.Meter!.State is ChannelState.Normal { Connection: ConnectionPhase.Disconnected }, "the meter to see the drop", ct);
        await rig.IntervalAsync(ct);
        var lost = rig.Streamer!.Status.InFlight!;
        ulong sentBeforeCrash = rig.Streamer.Status.SentMsat;
        await rig.CrashMeterAsync();

        await rig.BootMeterAsync();
        Assert.Equal(sentBeforeCrash - lost.AmountMsat, rig.Streamer!.Status.SentMsat);
        Assert.Contains(rig.Logger.Entries, e => e.Message.StartsWith("Reconciled with the channel store", StringComparison.Ordinal));

        await rig.Channel.StartProviderAsync();
        await rig.Channel.ConnectAsync(ct);
        await rig.IntervalAsync(ct);
        await rig.SettleAsync(ct);

        var status = rig.Streamer.Status;
        Assert.Equal(status.OwedMsat, rig.ProviderReceivedMsat);
        Assert.Equal(status.OwedMsat, status.SentMsat);
        var provider = ((ChannelState.Normal)rig.Channel.Provider!.State).Commitments;
        Assert.True(provider.LastRemoteReading!.Value.Timestamp > lost.Reading.Reading.Timestamp, "paid under a new reading");
    }

    [Fact]
    public async Task A_transfer_committed_but_never_reported_before_a_crash_is_not_paid_twice()
    {
        var ct = Deadline(TimeSpan.FromMinutes(1));
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var source = new SimulatedPulseSource(new ConstantPowerProfile(2500), new S0Options(), clock);
        await using var rig = new MeterRig(source, clock, TimeOfUse, new PaymentStreamerOptions());
        await rig.Channel.StartProviderAsync();
        await rig.BootMeterAsync(handleEvents: false); // the application never hears of completions
        await rig.Channel.ConnectAsync(ct);

        await rig.IntervalAsync(ct);
        var committed = rig.Streamer!.Status.InFlight!;
        await Eventually.TrueAsync(
            () => rig.Channel.Quiet && ((ChannelState.Normal)rig.Channel.Provider!.State).Commitments.LastRemoteReading == committed.Reading.Reading,
            "the transfer to be committed on both sides",
            ct);
        Assert.NotNull(rig.Streamer.Status.InFlight); // the meter's application still thinks it is in flight
        await rig.CrashMeterAsync();

        await rig.BootMeterAsync();
        Assert.Equal(committed.SentAfterMsat, rig.Streamer!.Status.SentMsat);
        Assert.Equal(committed.SentAfterMsat, rig.Streamer.Status.AcknowledgedMsat);
        await rig.Channel.ConnectAsync(ct);
        for (int i = 0; i < 5; i++)
        {
            await rig.IntervalAsync(ct);
            await rig.AcknowledgedAsync(ct);
        }

        await rig.SettleAsync(ct);
        Assert.Equal(rig.Streamer.Status.OwedMsat, rig.ProviderReceivedMsat);
    }

    [Fact]
    public async Task A_crash_after_signing_the_commitment_before_sending_it_completes_after_reestablish_without_paying_twice()
    {
        var ct = Deadline(TimeSpan.FromMinutes(1));
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var source = new SimulatedPulseSource(new ConstantPowerProfile(900), new S0Options(), clock);
        await using var rig = new MeterRig(source, clock, TimeOfUse, new PaymentStreamerOptions());
        await rig.Channel.StartProviderAsync();
        int commitmentsSigned = 0;
        await rig.BootMeterAsync(hook: (action, performed) =>
        {
            // The third commitment_signed: stored, then the process dies before it is sent.
            if (!performed && action is ChannelAction.SendMessage { Message: CommitmentSigned } && ++commitmentsSigned == 3)
            {
                throw new IOException("crash injected before sending commitment_signed");
            }

            return ValueTask.CompletedTask;
        });
        await rig.Channel.ConnectAsync(ct);
        for (int i = 0; i < 2; i++)
        {
            await rig.IntervalAsync(ct);
            await rig.AcknowledgedAsync(ct);
        }

        await rig.IntervalAsync(ct);
        var signed = rig.Streamer!.Status.InFlight!;
        await Eventually.TrueAsync(() => rig.Channel.Meter!.Completion.IsCompleted, "the injected crash", ct);
        await rig.CrashMeterAsync();

        await rig.BootMeterAsync();
        Assert.Equal(signed.SentAfterMsat, rig.Streamer!.Status.SentMsat); // covered by our stored signature
        await rig.Channel.ConnectAsync(ct);
        await rig.IntervalAsync(ct);
        await rig.SettleAsync(ct);

        var provider = ((ChannelState.Normal)rig.Channel.Provider!.State).Commitments;
        Assert.Equal(rig.Streamer.Status.OwedMsat, rig.ProviderReceivedMsat);
        Assert.True(provider.LastRemoteReading!.Value.Timestamp > signed.Reading.Reading.Timestamp);
    }

    [Fact]
    public async Task A_channel_that_paid_readings_the_meter_store_does_not_know_is_refused_rather_than_guessed()
    {
        var ct = Deadline(TimeSpan.FromMinutes(1));
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var source = new SimulatedPulseSource(new ConstantPowerProfile(1000), new S0Options(), clock);
        await using var rig = new MeterRig(source, clock, TimeOfUse, new PaymentStreamerOptions());
        await rig.Channel.StartProviderAsync();
        await rig.BootMeterAsync();
        await rig.Channel.ConnectAsync(ct);
        await rig.IntervalAsync(ct);
        await rig.AcknowledgedAsync(ct);
        var paid = rig.Store!.Load()!.LastReading!.Reading;
        await rig.CrashMeterAsync();
        rig.LoseMeterStore();

        var e = await Assert.ThrowsAsync<ChannelReadingUnknownException>(() => rig.BootMeterAsync());
        Assert.Equal(paid, e.Reading);
    }

    [Fact]
    public async Task The_supply_is_cut_when_acknowledgements_stop_and_restored_when_they_resume()
    {
        var ct = Deadline(TimeSpan.FromMinutes(1));
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var source = new SimulatedPulseSource(new ConstantPowerProfile(1200), new S0Options(), clock);
        var options = new PaymentStreamerOptions { AcknowledgementTimeout = TimeSpan.FromSeconds(20), AllowanceMsat = 1_000_000 };
        await using var rig = new MeterRig(source, clock, TimeOfUse, options);
        await rig.Channel.StartProviderAsync();
        await rig.BootMeterAsync();
        await rig.Channel.ConnectAsync(ct);
        await rig.IntervalAsync(ct);
        await rig.AcknowledgedAsync(ct);
        Assert.True(rig.RelayOutput.Energised);

        await rig.Channel.StopProviderAsync();
        await rig.IntervalAsync(ct); // sent, never acknowledged
        for (int i = 0; i < 4; i++)
        {
            await rig.IntervalAsync(ct); // 20 s waiting: still within the timeout
        }

        Assert.True(rig.RelayOutput.Energised);
        await rig.IntervalAsync(ct); // 25 s > 20 s
        Assert.False(rig.RelayOutput.Energised);
        Assert.Equal(SupplyReason.NoAcknowledgement, rig.Relay!.State.Reason);

        await rig.Channel.StartProviderAsync();
        await rig.Channel.ConnectAsync(ct);
        await rig.AcknowledgedAsync(ct);
        Assert.True(rig.RelayOutput.Energised);
        await rig.SettleAsync(ct);
        Assert.Equal(rig.Streamer!.Status.OwedMsat, rig.ProviderReceivedMsat); // what was counted offline is paid
        Assert.Contains(rig.Logger.Entries, e => e.Message == "Supply switched off: NoAcknowledgement");
    }

    [Fact]
    public async Task Prepay_stays_one_interval_ahead_and_never_more_than_the_credit()
    {
        var ct = Deadline(TimeSpan.FromMinutes(1));
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var source = new SimulatedPulseSource(new ConstantPowerProfile(3600), new S0Options(), clock);
        var options = new PaymentStreamerOptions { Mode = PaymentMode.Prepay, PrepayCreditMsat = 1_000 };
        await using var rig = new MeterRig(source, clock, TariffSchedule.Flat(new TariffPrice(330)), options);
        await rig.Channel.StartProviderAsync();
        await rig.BootMeterAsync();
        await rig.Channel.ConnectAsync(ct);
        for (int i = 0; i < 20; i++)
        {
            await rig.IntervalAsync(ct);
            await rig.AcknowledgedAsync(ct);
            var status = rig.Streamer!.Status;

            // 3600 W for 5 s is 5 Wh = 1650 msat an interval, above the 1000 msat credit.
            Assert.True(status.SentMsat <= status.OwedMsat + 1_000, $"prepaid {status.SentMsat - status.OwedMsat} msat ahead");
            if (i > 0)
            {
                Assert.Equal(status.OwedMsat + 1_000, status.SentMsat);
            }
        }
    }

    [Fact]
    public async Task A_transfer_the_channel_cannot_afford_is_refused_and_its_energy_stays_due()
    {
        var ct = Deadline(TimeSpan.FromMinutes(1));
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var source = new SimulatedPulseSource(new ConstantPowerProfile(3600), new S0Options(), clock);

        // The meter holds 1000 msat above the 10,000 sat reserve and the 183 sat commitment fee
        // (253 sat/kw × 724 weight): 5 Wh at 330 msat/Wh (1650 msat) cannot be paid.
        await using var rig = new MeterRig(source, clock, TariffSchedule.Flat(new TariffPrice(330)), new PaymentStreamerOptions(), meterInitialMsat: 10_184_000);
        await rig.Channel.StartProviderAsync();
        await rig.BootMeterAsync();
        await rig.Channel.ConnectAsync(ct);
        await rig.IntervalAsync(ct);
        await rig.AcknowledgedAsync(ct);

        var status = rig.Streamer!.Status;
        Assert.Equal(0UL, status.SentMsat);
        Assert.True(status.OwedMsat > 0);
        Assert.Contains(rig.Logger.Entries, e => e.Message.StartsWith("The channel refused a transfer", StringComparison.Ordinal));
        Assert.Equal(0UL, rig.ProviderReceivedMsat);
    }

    [Fact]
    public async Task A_tariff_above_the_ceiling_stops_payment_and_cuts_the_supply()
    {
        var ct = Deadline(TimeSpan.FromMinutes(1));
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var source = new SimulatedPulseSource(new ConstantPowerProfile(3600), new S0Options(), clock);
        await using var rig = new MeterRig(source, clock, TariffSchedule.Flat(new TariffPrice(330)), new PaymentStreamerOptions());
        await rig.Channel.StartProviderAsync();
        await rig.BootMeterAsync();
        await rig.Channel.ConnectAsync(ct);
        await rig.IntervalAsync(ct);
        await rig.AcknowledgedAsync(ct);
        ulong paid = rig.Streamer!.Status.SentMsat;

        Assert.Throws<TariffAboveCeilingException>(() => rig.Tariff.Set(TariffSchedule.Flat(new TariffPrice(5_000))));
        await rig.IntervalAsync(ct);
        Assert.Equal(paid, rig.Streamer.Status.SentMsat);
        Assert.Contains("above this meter's ceiling", rig.Streamer.Status.NotPayingBecause, StringComparison.Ordinal);
        Assert.Equal(SupplyDecision.Off(SupplyReason.TariffRefused), rig.Relay!.State);

        rig.Tariff.Set(TariffSchedule.Flat(new TariffPrice(330)));
        await rig.IntervalAsync(ct);
        await rig.AcknowledgedAsync(ct);
        Assert.True(rig.RelayOutput.Energised);
    }

    [Fact]
    public async Task Intervals_end_at_time_of_use_boundaries_and_a_new_tariff_prices_only_the_energy_after_it()
    {
        var ct = Deadline(TimeSpan.FromMinutes(1));
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 6, 59, 57, TimeSpan.Zero));
        var source = new SimulatedPulseSource(new ConstantPowerProfile(3700), new S0Options { ImpulsesPerKilowattHour = 3000 }, clock);
        await using var rig = new MeterRig(source, clock, TimeOfUse, new PaymentStreamerOptions());
        await rig.Channel.StartProviderAsync();
        await rig.BootMeterAsync();
        await rig.Channel.ConnectAsync(ct);
        var streamer = rig.Streamer!;

        // Exact money in thirds of a msat (1/3 Wh pulses): energy × the price of the band it was taken in.
        ulong pulses = source.Counter.Pulses;
        System.Numerics.BigInteger thirds = 0;
        void Priced(ulong price)
        {
            ulong now = source.Counter.Pulses;
            thirds += (now - pulses) * 1000 * (System.Numerics.BigInteger)price;
            pulses = now;
        }

        // The night band ends at 07:00, three seconds away: the streamer wakes there, not at 07:00:02.
        Assert.Equal(TimeSpan.FromSeconds(3), streamer.NextDelay());
        clock.Advance(streamer.NextDelay());
        await streamer.TickAsync(ct);
        Priced(150);
        await rig.AcknowledgedAsync(ct);
        Assert.Equal(TimeSpan.FromSeconds(5), streamer.NextDelay());
        await rig.IntervalAsync(ct);
        Priced(330);
        await rig.AcknowledgedAsync(ct);

        // The provider sets a new tariff two seconds into an interval: those two seconds stay at 330.
        clock.Advance(TimeSpan.FromSeconds(2));
        streamer.ChangeTariff(new WeeklyTariff(500, null, [], TimeZoneInfo.Utc));
        Priced(330);
        clock.Advance(TimeSpan.FromSeconds(3));
        await streamer.TickAsync(ct);
        Priced(500);
        await rig.SettleAsync(ct);
        Priced(500);

        var status = streamer.Status;
        Assert.Equal((ulong)(thirds / 3000), status.OwedMsat);
        Assert.Equal(status.OwedMsat, rig.ProviderReceivedMsat);
    }
}
