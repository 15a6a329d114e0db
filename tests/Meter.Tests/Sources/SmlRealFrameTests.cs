using Microchannels.Meter.Sources.Sml;
using Microchannels.Meter.Tests.Support;

namespace Microchannels.Meter.Tests.Sources;

/// <summary>
/// Frames recorded from real meters by other people (spec/sml). The expected values were
/// decoded by hand from the hex: for example DZG household frame 1 holds
/// <c>77 07 0100010800FF 64 1C0104 72 6201 6200 62 1E 52 FF 64 5CB067 01</c>: OBIS 1-0:1.8.0,
/// unit 0x1E (30, Wh), scaler 0xFF (-1), value 0x5CB067 = 6,074,471, so 607,447.1 Wh.
/// </summary>
public class SmlRealFrameTests
{
    [Fact]
    public void A_household_meter_gives_import_export_and_power()
    {
        var frame = SmlDumps.Frames("DZG_DVS-7420.2V.G2_mtr0")[0];
        var readout = SmlReadout.FromFrame(frame);

        Assert.Equal(6_074_471UL, readout.ImportTenthsWh);   // 0x5CB067, 607,447.1 Wh
        Assert.Equal(12_667_286UL, readout.ExportTenthsWh);  // 0xC14996, 1,266,728.6 Wh
        Assert.Equal(215.99m, readout.PowerWatts);           // int16 0x545F = 21,599, scaler -2
    }

    [Fact]
    public void A_generator_meter_reports_negative_power_as_a_signed_value()
    {
        var frames = SmlDumps.Frames("DZG_DVS-7420.2V.G2_mtr2_neg");
        var first = SmlReadout.FromFrame(frames[0]);
        var second = SmlReadout.FromFrame(frames[1]);

        Assert.Equal(132_329UL, first.ImportTenthsWh);       // 0x0204E9
        Assert.Equal(15_003_213UL, first.ExportTenthsWh);    // 0xE4EE4D
        Assert.Equal(-105.50m, first.PowerWatts);            // int16 0xD6CA = -10,550
        Assert.Equal(15_003_214UL, second.ExportTenthsWh);   // 0xE4EE4E: 0.1 Wh fed in between
        Assert.Equal(-106.78m, second.PowerWatts);           // 0xD64A = -10,678
    }

    [Fact]
    public void An_itron_meter_with_an_eight_byte_register_and_no_time_is_read()
    {
        var readout = SmlReadout.FromFrame(SmlDumps.Frames("ITRON_OpenWay-3.HZ")[0]);
        Assert.Equal(81_895_949UL, readout.ImportTenthsWh); // 69 0000000004E1A20D
        Assert.Null(readout.ExportTenthsWh);
        Assert.Equal(613m, readout.PowerWatts);             // 55 00000265, scaler 0
    }

    [Fact]
    public void An_emh_meter_with_a_five_byte_register_and_without_export_or_power_is_read()
    {
        var readout = SmlReadout.FromFrame(SmlDumps.Frames("EMH_eHZ-HW8E2A5L0EK2P_2")[0]);
        Assert.Equal(133_124_849UL, readout.ImportTenthsWh); // 56 0007EF52F1
        Assert.Null(readout.ExportTenthsWh);
        Assert.Null(readout.PowerWatts);
    }

    [Fact]
    public void A_stream_of_frames_moves_the_registers_frame_by_frame()
    {
        var source = new SmlRegisterSource();
        source.Push(SmlDumps.Load("DZG_DVS-7420.2V.G2_mtr2"));

        var snapshot = source.Read();
        Assert.Equal(3UL, source.AcceptedFrames);
        Assert.Equal(131_304UL, snapshot.ImportUnits);    // 0x0200E8: 13,130.4 Wh
        Assert.Equal(13_130UL, snapshot.ImportWattHours);
        Assert.Equal(14_997_085UL, snapshot.ExportUnits); // 0xE4D65D
        Assert.Equal(10_000u, snapshot.UnitsPerKilowattHour);
        Assert.Equal(0UL, snapshot.Alarms);
    }

    [Fact]
    public void A_frame_without_the_import_register_is_refused_and_counts_nothing()
    {
        // An EMH eHZ361L5R sends 1-0:2.8.1 and 1-0:1.7.1, not 1-0:1.8.0.
        var e = Assert.Throws<SmlMissingObisException>(() => SmlReadout.FromFrame(SmlDumps.Frames("EMH_eHZ361L5R")[0]));
        Assert.Equal(ObisCode.ImportEnergy, e.Code);

        var source = new SmlRegisterSource(importTenthsWh: 500);
        source.Push(SmlDumps.Load("EMH_eHZ361L5R"));
        Assert.Equal(500UL, source.Read().ImportUnits);
        Assert.Equal(1UL, source.Read().Alarms);
        Assert.IsType<SmlMissingObisException>(source.LastError);
    }

    [Fact]
    public void A_meter_sending_only_tariff_registers_is_refused_frame_by_frame()
    {
        // A 4096-byte capture of an EMH eHZ-GW8E2A500AK2 (1.8.1 and 1.8.2 only), starting mid-frame:
        // the leading bytes are skipped, every whole frame is refused, the cut-off tail too.
        var source = new SmlRegisterSource();
        var refused = new List<SmlException>();
        source.FrameRefused += refused.Add;
        source.Push(SmlDumps.Load("EMH_eHZ-GW8E2A500AK2"));
        source.Complete();

        Assert.Equal(16, refused.OfType<SmlMissingObisException>().Count());
        Assert.Single(refused.OfType<SmlTruncatedFrameException>());
        Assert.Equal(0UL, source.Read().ImportUnits);
        Assert.Equal(0UL, source.AcceptedFrames);
    }

    [Fact]
    public void A_dump_known_to_hold_invalid_data_gives_typed_errors_only()
    {
        // "seems to contain invalid data, formerly crashing libsml" (libsml-testing FILES).
        var source = new SmlRegisterSource();
        var refused = new List<SmlException>();
        source.FrameRefused += refused.Add;
        source.Push(SmlDumps.Load("EMH_eHZ-IW8E2A5L0EK2P_with_error"));
        source.Complete();

        Assert.NotEmpty(refused);
        Assert.Equal((ulong)refused.Count, source.Read().Alarms);
        Assert.True(source.AcceptedFrames + (ulong)refused.Count >= 11);
    }

    [Fact]
    public void A_recording_cut_inside_a_frame_is_refused_as_truncated_and_the_register_keeps_the_last_whole_frame()
    {
        // The DZG household dump ends 56 bytes into its second frame.
        var source = new SmlRegisterSource();
        source.Push(SmlDumps.Load("DZG_DVS-7420.2V.G2_mtr0"));
        source.Complete();

        Assert.Equal(6_074_471UL, source.Read().ImportUnits);
        Assert.Equal(1UL, source.AcceptedFrames);
        Assert.IsType<SmlTruncatedFrameException>(source.LastError);
    }

    [Fact]
    public async Task A_byte_stream_is_pumped_into_the_source_until_it_ends()
    {
        var source = new SmlRegisterSource();
        using var stream = new MemoryStream(SmlDumps.Load("DZG_DVS-7420.2V.G2_mtr0"));
        await SmlStreamPump.RunAsync(stream, source, CancellationToken.None);

        Assert.Equal(6_074_471UL, source.Read().ImportUnits);
        Assert.Equal(12_667_286UL, source.Read().ExportUnits);
        Assert.Equal(215.99, source.Read().PowerWatts!.Value, 6);
        Assert.IsType<SmlTruncatedFrameException>(source.LastError); // the recording's cut-off second frame
    }

    [Fact]
    public void Bytes_arriving_one_at_a_time_give_the_same_registers()
    {
        var whole = new SmlRegisterSource();
        whole.Push(SmlDumps.Load("DZG_DVS-7420.2V.G2_mtr2_neg"));
        var trickled = new SmlRegisterSource();
        foreach (byte b in SmlDumps.Load("DZG_DVS-7420.2V.G2_mtr2_neg"))
        {
            trickled.Push([b]);
        }

        Assert.Equal(whole.Read(), trickled.Read());
        Assert.Equal(3UL, trickled.AcceptedFrames);
    }
}
