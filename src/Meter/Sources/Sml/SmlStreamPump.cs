namespace Microchannels.Meter.Sources.Sml;

/// <summary>Feeds an optical head's byte stream (a serial port's, or a recording's) into an <see cref="SmlRegisterSource"/>.</summary>
public static class SmlStreamPump
{
    /// <summary>Reads until the stream ends or <paramref name="cancellationToken"/> fires; at the end an unfinished frame is refused as truncated.</summary>
    public static async Task RunAsync(Stream stream, SmlRegisterSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        var buffer = new byte[512];
        while (true)
        {
            int read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                source.Complete();
                return;
            }

            source.Push(buffer.AsSpan(0, read));
        }
    }
}
