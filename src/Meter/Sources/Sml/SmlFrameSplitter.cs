namespace Microchannels.Meter.Sources.Sml;

/// <summary>
/// Cuts the byte stream from an optical head into candidate frames for
/// <see cref="SmlTransport.Unwrap"/>. Bytes before a start escape are skipped (a reader
/// switched on mid-frame). A frame interrupted by a new start escape is handed on as it is,
/// so that it is refused as truncated rather than silently dropped.
/// </summary>
public sealed class SmlFrameSplitter
{
    /// <summary>Longer than any meter's frame; a stream that never ends a frame is cut here.</summary>
    public const int MaximumFrameLength = 64 * 1024;

    private readonly List<byte> _buffer = [];
    private bool _inFrame;
    private int _scanned;

    /// <summary>Adds bytes and returns each candidate frame they complete.</summary>
    public IReadOnlyList<byte[]> Push(ReadOnlySpan<byte> data)
    {
        _buffer.AddRange(data);
        var frames = new List<byte[]>();
        while (Next() is { } frame)
        {
            frames.Add(frame);
        }

        return frames;
    }

    /// <summary>What is left of an unfinished frame (at the end of a recording), for reporting as truncated.</summary>
    public byte[]? Flush()
    {
        byte[]? rest = _inFrame && _buffer.Count > 0 ? [.. _buffer] : null;
        _buffer.Clear();
        _inFrame = false;
        _scanned = 0;
        return rest;
    }

    private byte[]? Next()
    {
        if (!_inFrame && !FindStart())
        {
            return null;
        }

        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_buffer);
        int position = Math.Max(_scanned, SmlTransport.Start.Length);
        while (position + 8 <= span.Length)
        {
            if (!span.Slice(position, 4).SequenceEqual(SmlTransport.Escape))
            {
                position += 4;
                continue;
            }

            var next = span.Slice(position + 4, 4);
            if (next.SequenceEqual(SmlTransport.Escape))
            {
                position += 8;
            }
            else if (next.SequenceEqual(SmlTransport.Start[4..]))
            {
                return Take(position); // truncated by a new start
            }
            else
            {
                return Take(position + 8); // the end (1A ..) or an unknown escape: Unwrap decides
            }
        }

        _scanned = position;
        if (_buffer.Count > MaximumFrameLength)
        {
            return Take(position);
        }

        return null;
    }

    private bool FindStart()
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_buffer);
        int start = span.IndexOf(SmlTransport.Start);
        if (start < 0)
        {
            // Keep a tail that could begin a start escape split across reads.
            int keep = Math.Min(_buffer.Count, SmlTransport.Start.Length - 1);
            _buffer.RemoveRange(0, _buffer.Count - keep);
            return false;
        }

        _buffer.RemoveRange(0, start);
        _inFrame = true;
        _scanned = SmlTransport.Start.Length;
        return true;
    }

    private byte[] Take(int length)
    {
        byte[] frame = [.. _buffer.GetRange(0, length)];
        _buffer.RemoveRange(0, length);
        _inFrame = false;
        _scanned = 0;
        return frame;
    }
}
