namespace Microchannels.Meter.Sources.Sml;

/// <summary>
/// SML transport protocol v1: a frame is <c>1B1B1B1B 01010101</c>, the messages in 4-byte
/// groups (a data group equal to <c>1B1B1B1B</c> is sent twice), then <c>1B1B1B1B 1A</c>, the
/// number of fill bytes added to reach a multiple of four, and the CRC-16/X-25 of everything
/// before the CRC, low byte first. Escapes only ever start on a 4-byte boundary.
/// </summary>
public static class SmlTransport
{
    public static ReadOnlySpan<byte> Escape => [0x1B, 0x1B, 0x1B, 0x1B];

    public static ReadOnlySpan<byte> Start => [0x1B, 0x1B, 0x1B, 0x1B, 0x01, 0x01, 0x01, 0x01];

    private const byte EndMarker = 0x1A;

    /// <summary>The messages of one whole frame, checked and unescaped, fill bytes removed.</summary>
    /// <exception cref="SmlCrcMismatchException">The CRC does not match.</exception>
    /// <exception cref="SmlTruncatedFrameException">The frame has no end escape and CRC.</exception>
    /// <exception cref="SmlMalformedException">No start escape, an unknown escape, or bytes after the end.</exception>
    public static byte[] Unwrap(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < Start.Length || !frame[..Start.Length].SequenceEqual(Start))
        {
            throw new SmlMalformedException("the frame does not begin with the start escape 1B1B1B1B 01010101", 0);
        }

        var payload = new List<byte>(frame.Length);
        int position = Start.Length;
        while (true)
        {
            if (position + 4 > frame.Length)
            {
                throw new SmlTruncatedFrameException($"The SML frame ends after {frame.Length} bytes, before its end escape.");
            }

            var group = frame.Slice(position, 4);
            if (!group.SequenceEqual(Escape))
            {
                payload.AddRange(group);
                position += 4;
                continue;
            }

            if (position + 8 > frame.Length)
            {
                throw new SmlTruncatedFrameException($"The SML frame ends inside an escape at byte {position}.");
            }

            var next = frame.Slice(position + 4, 4);
            if (next.SequenceEqual(Escape))
            {
                payload.AddRange(Escape);
                position += 8;
            }
            else if (next[0] == EndMarker)
            {
                return Finish(frame, payload, position, next);
            }
            else if (next.SequenceEqual(Start[4..]))
            {
                throw new SmlTruncatedFrameException($"A new SML frame starts at byte {position} before this one ended.");
            }
            else
            {
                throw new SmlMalformedException($"unknown escape 1B1B1B1B {Convert.ToHexString(next)}", position);
            }
        }
    }

    private static byte[] Finish(ReadOnlySpan<byte> frame, List<byte> payload, int position, ReadOnlySpan<byte> end)
    {
        if (position + 8 != frame.Length)
        {
            throw new SmlMalformedException($"{frame.Length - position - 8} bytes follow the end escape", position + 8);
        }

        ushort received = (ushort)(end[2] | (end[3] << 8));
        ushort expected = SmlCrc16.Compute(frame[..^2]);
        if (received != expected)
        {
            throw new SmlCrcMismatchException(expected, received);
        }

        int fill = end[1];
        if (fill > 3 || fill > payload.Count)
        {
            throw new SmlMalformedException($"{fill} fill bytes announced", position + 5);
        }

        payload.RemoveRange(payload.Count - fill, fill);
        return [.. payload];
    }
}
