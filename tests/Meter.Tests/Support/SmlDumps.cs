using Microchannels.Meter.Sources.Sml;

namespace Microchannels.Meter.Tests.Support;

/// <summary>Real meters' SML dumps from spec/sml (devZer0/libsml-testing; see spec/README.md).</summary>
public static class SmlDumps
{
    public static byte[] Load(string name) =>
        Convert.FromHexString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "spec", "sml", name + ".hex")).Trim());

    /// <summary>The dump cut into candidate frames, the unfinished tail (if any) last.</summary>
    public static List<byte[]> Frames(string name)
    {
        var splitter = new SmlFrameSplitter();
        var frames = splitter.Push(Load(name)).ToList();
        if (splitter.Flush() is { } rest)
        {
            frames.Add(rest);
        }

        return frames;
    }

    /// <summary>A frame around <paramref name="messages"/> with a correct CRC, for malformed-content cases.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> messages)
    {
        int fill = (4 - (messages.Length % 4)) % 4;
        var frame = new List<byte>(SmlTransport.Start.ToArray());
        frame.AddRange(messages.ToArray());
        frame.AddRange(new byte[fill]);
        frame.AddRange([0x1B, 0x1B, 0x1B, 0x1B, 0x1A, (byte)fill]);
        ushort crc = SmlCrc16.Compute(frame.ToArray());
        frame.Add((byte)(crc & 0xFF));
        frame.Add((byte)(crc >> 8));
        return [.. frame];
    }
}
