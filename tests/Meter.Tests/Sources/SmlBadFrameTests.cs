using Microchannels.Meter.Sources.Sml;
using Microchannels.Meter.Tests.Support;

namespace Microchannels.Meter.Tests.Sources;

public class SmlBadFrameTests
{
    private static byte[] Household() => SmlDumps.Frames("DZG_DVS-7420.2V.G2_mtr0")[0];

    [Fact]
    public void The_crc_is_crc16_x25()
    {
        Assert.Equal(0x906E, SmlCrc16.Compute("123456789"u8));
    }

    [Fact]
    public void Every_single_bit_flip_in_a_real_frame_is_refused_and_moves_nothing()
    {
        var frame = Household();
        for (int i = 0; i < frame.Length; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                var bad = (byte[])frame.Clone();
                bad[i] ^= (byte)(1 << bit);
                var source = new SmlRegisterSource(importTenthsWh: 7);
                source.Accept(bad);
                Assert.Equal(7UL, source.Read().ImportUnits);
                Assert.Equal(0UL, source.AcceptedFrames);
                Assert.IsAssignableFrom<SmlException>(source.LastError);
            }
        }
    }

    [Fact]
    public void A_flipped_data_byte_is_a_crc_mismatch()
    {
        var bad = Household();
        bad[40] ^= 0x01;
        var e = Assert.Throws<SmlCrcMismatchException>(() => SmlReadout.FromFrame(bad));
        Assert.Equal((ushort)(bad[^2] | (bad[^1] << 8)), e.Received);
    }

    [Fact]
    public void A_frame_cut_anywhere_is_truncated()
    {
        var frame = Household();
        foreach (int length in new[] { 8, 12, 100, frame.Length - 8, frame.Length - 4 })
        {
            Assert.Throws<SmlTruncatedFrameException>(() => SmlReadout.FromFrame(frame.AsSpan(0, length)));
        }
    }

    [Fact]
    public void A_new_start_escape_inside_a_frame_truncates_it()
    {
        var frame = Household();
        var cut = frame.AsSpan(0, 100).ToArray().Concat(frame).ToArray();
        var frames = new SmlFrameSplitter().Push(cut);
        Assert.Equal(2, frames.Count);
        Assert.Throws<SmlTruncatedFrameException>(() => SmlReadout.FromFrame(frames[0]));
        Assert.Equal(6_074_471UL, SmlReadout.FromFrame(frames[1]).ImportTenthsWh);
    }

    [Fact]
    public void An_unknown_escape_is_malformed()
    {
        var frame = SmlDumps.Wrap([0x1B, 0x1B, 0x1B, 0x1B, 0x05, 0x05, 0x05, 0x05]);
        Assert.Throws<SmlMalformedException>(() => SmlTransport.Unwrap(frame));
    }

    [Fact]
    public void An_escaped_escape_is_data()
    {
        var frame = SmlDumps.Wrap([0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B]);
        Assert.Equal(new byte[] { 0x1B, 0x1B, 0x1B, 0x1B }, SmlTransport.Unwrap(frame));
    }

    [Fact]
    public void A_wrong_type_length_field_with_a_good_crc_is_malformed()
    {
        // Re-wrap the household frame's messages with the 1.8.0 unit's TL byte 0x62
        // (unsigned, 1 byte) changed to 0x42 (boolean): the CRC is right, the content not.
        var messages = SmlTransport.Unwrap(Household());
        int unit = messages.AsSpan().IndexOf(Convert.FromHexString("621E52FF645CB067"));
        messages[unit] = 0x42;
        var e = Assert.Throws<SmlMalformedException>(() => SmlReadout.FromFrame(SmlDumps.Wrap(messages)));
        Assert.Contains("unit", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_energy_register_in_another_unit_is_refused()
    {
        // The 1.8.0 unit 0x1E (Wh) changed to 0x1B (W).
        var messages = SmlTransport.Unwrap(Household());
        int unit = messages.AsSpan().IndexOf(Convert.FromHexString("621E52FF645CB067"));
        messages[unit + 1] = 0x1B;
        var e = Assert.Throws<SmlUnexpectedUnitException>(() => SmlReadout.FromFrame(SmlDumps.Wrap(messages)));
        Assert.Equal(ObisCode.ImportEnergy, e.Code);
    }

    [Fact]
    public void A_scaler_beyond_eight_decades_is_malformed_not_an_overflow()
    {
        // The 1.8.0 scaler 0xFF (-1) changed to 0x7F (+127).
        var messages = SmlTransport.Unwrap(Household());
        int unit = messages.AsSpan().IndexOf(Convert.FromHexString("621E52FF645CB067"));
        messages[unit + 3] = 0x7F;
        var e = Assert.Throws<SmlMalformedException>(() => SmlReadout.FromFrame(SmlDumps.Wrap(messages)));
        Assert.Contains("scaler", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_longer_than_the_data_is_truncated()
    {
        // A list announcing seven elements, holding one.
        Assert.Throws<SmlTruncatedFrameException>(() => SmlReadout.FromFrame(SmlDumps.Wrap([0x77, 0x01])));
    }

    [Fact]
    public void A_register_going_back_is_refused()
    {
        var source = new SmlRegisterSource(importTenthsWh: 6_074_472);
        source.Accept(Household());
        Assert.IsType<SmlRegisterWentBackwardsException>(source.LastError);
        Assert.Equal(6_074_472UL, source.Read().ImportUnits);
    }

    [Fact]
    public void Random_bytes_never_escape_as_anything_but_typed_errors()
    {
        var random = new Random(11);
        for (int i = 0; i < 2000; i++)
        {
            var messages = new byte[random.Next(0, 200)];
            random.NextBytes(messages);
            var source = new SmlRegisterSource();
            source.Accept(SmlDumps.Wrap(messages));
            Assert.Equal(0UL, source.Read().ImportUnits);
        }
    }
}
