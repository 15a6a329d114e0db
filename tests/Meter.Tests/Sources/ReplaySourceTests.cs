using Microchannels.Meter.Sources.Replay;
using Microchannels.Meter.Tests.Support;

namespace Microchannels.Meter.Tests.Sources;

public class ReplaySourceTests
{
    private static ReplayRecording Parse(string text) => ReplayRecording.Parse(new StringReader(text));

    [Fact]
    public void Recorded_edges_replay_through_the_pulse_counter_along_the_clock()
    {
        // Pulses at 0, 1.2 s (with a 5 ms bounce) and 2.4 s, a 90 ms burst edge after it.
        var recording = Parse("""
            microchannels-replay/1 edges 1000
            # S0 line, µs since start
            0
            1200000
            1205000
            2400000
            2490000
            """);
        var clock = new ManualClock();
        var source = new ReplaySource(recording, clock);

        Assert.Equal(1UL, source.Read().ImportUnits);           // t = 0: the first edge
        clock.Advance(TimeSpan.FromSeconds(1.3));
        Assert.Equal(2UL, source.Read().ImportUnits);           // the bounce is ignored
        clock.Advance(TimeSpan.FromSeconds(2));
        var end = source.Read();
        Assert.Equal(3UL, end.ImportUnits);
        Assert.Equal(1UL, end.Alarms);                          // 90 ms after a pulse is 40 kW
        Assert.True(source.Finished);
    }

    [Fact]
    public void Recorded_registers_replay_as_they_were()
    {
        var recording = Parse("""
            microchannels-replay/1 registers 10000
            0 6074471 12667286
            5000000 6074480 12667286
            10000000 6074480 12667290
            """);
        var clock = new ManualClock();
        var source = new ReplaySource(recording, clock);
        clock.Advance(TimeSpan.FromSeconds(6));
        var snapshot = source.Read();
        Assert.Equal(6_074_480UL, snapshot.ImportUnits);
        Assert.Equal(607_448UL, snapshot.ImportWattHours);
        Assert.Equal(12_667_286UL, snapshot.ExportUnits);
        Assert.False(source.Finished);
    }

    [Fact]
    public void A_recording_is_loaded_from_its_file()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "microchannels-replay/1 registers 10000\n0 5 0\n");
            var recording = ReplayRecording.Load(path);
            Assert.Equal(ReplayKind.Registers, recording.Kind);
            Assert.Equal([new ReplayEntry(0, 5, 0)], recording.Entries);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("", typeof(ReplayHeaderException), 1)]
    [InlineData("microchannels-replay/2 edges 1000\n0", typeof(ReplayHeaderException), 1)]
    [InlineData("microchannels-replay/1 pulses 1000", typeof(ReplayHeaderException), 1)]
    [InlineData("microchannels-replay/1 edges 700", typeof(ReplayHeaderException), 1)]
    [InlineData("microchannels-replay/1 edges 1000\n0\n12x", typeof(ReplayLineFormatException), 3)]
    [InlineData("microchannels-replay/1 edges 1000\n0\n-5", typeof(ReplayLineFormatException), 3)]
    [InlineData("microchannels-replay/1 edges 1000\n0 1", typeof(ReplayLineFormatException), 2)]
    [InlineData("microchannels-replay/1 registers 10000\n0 1", typeof(ReplayLineFormatException), 2)]
    [InlineData("microchannels-replay/1 edges 1000\n10\n# note\n5", typeof(ReplayTimeWentBackException), 4)]
    [InlineData("microchannels-replay/1 registers 10000\n0 10 0\n1 9 0", typeof(ReplayRegisterWentBackException), 3)]
    [InlineData("microchannels-replay/1 registers 10000\n0 10 5\n1 10 4", typeof(ReplayRegisterWentBackException), 3)]
    [InlineData("microchannels-replay/1 edges 1000\n0\n99999999999999999999999", typeof(ReplayLineFormatException), 3)]
    public void A_bad_recording_is_refused_whole_with_its_line(string text, Type error, int line)
    {
        var e = Assert.Throws(error, () => Parse(text));
        Assert.Equal(line, ((ReplayException)e).Line);
    }
}
