using System.Buffers.Binary;
using Microchannels.Channels.Wire;
using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace Microchannels.Channels.Transport;

/// <summary>The reading side: one loop decrypts packets into a bounded queue.</summary>
public sealed partial class NoiseTransport
{
    private int _pendingBodyLength = -1;
    private volatile bool _readerParked;

    /// <summary>
    /// The next Lightning message, in order; null once the peer has closed cleanly (at a
    /// message boundary) and everything before was delivered. Pings and pongs never
    /// appear here. Throws the connection's <see cref="TransportException"/> if it failed.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        while (await _inbox.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_inbox.Reader.TryRead(out var message))
            {
                return message;
            }
        }

        ThrowIfFaultedOrDisposed();
        return null;
    }

    private async Task ReadLoopAsync()
    {
        var token = _lifetime.Token;
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (TryDecryptNext(ref buffer, out var message))
                {
                    await DeliverAsync(message, token).ConfigureAwait(false);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty || _pendingBodyLength >= 0)
                    {
                        throw new TransportException("The peer closed the connection in the middle of a message.");
                    }

                    // A clean close at a message boundary: ReceiveAsync drains, then returns null.
                    _inbox.Writer.TryComplete();
                    return;
                }
            }
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            // Disposed or already faulted: this failure is only the consequence.
        }
        catch (TransportException e)
        {
            Fault(e);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or System.Threading.Channels.ChannelClosedException)
        {
            Fault(new TransportException($"The connection failed while receiving: {e.Message}", e));
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    // BOLT 8, "Receiving and Decrypting Messages": 18 bytes of encrypted length, checked
    // by its MAC before the length is believed; then exactly l + 16 bytes of body.
    private bool TryDecryptNext(ref ReadOnlySequence<byte> buffer, out byte[] message)
    {
        message = [];
        if (_pendingBodyLength < 0)
        {
            if (buffer.Length < NoiseMessageEncryptor.LengthPrefixSize)
            {
                return false;
            }

            Span<byte> header = stackalloc byte[NoiseMessageEncryptor.LengthPrefixSize];
            buffer.Slice(0, header.Length).CopyTo(header);
            _pendingBodyLength = _session.Decryptor.DecryptLength(header);
            buffer = buffer.Slice(header.Length);
        }

        int bodyLength = _pendingBodyLength + CipherState.TagSize;
        if (buffer.Length < bodyLength)
        {
            return false;
        }

        var body = buffer.Slice(0, bodyLength);
        message = new byte[_pendingBodyLength];
        if (body.IsSingleSegment)
        {
            _session.Decryptor.DecryptBody(body.FirstSpan, message);
        }
        else
        {
            var contiguous = ArrayPool<byte>.Shared.Rent(bodyLength);
            body.CopyTo(contiguous);
            _session.Decryptor.DecryptBody(contiguous.AsSpan(0, bodyLength), message);
            ArrayPool<byte>.Shared.Return(contiguous);
        }

        buffer = buffer.Slice(bodyLength);
        _pendingBodyLength = -1;
        return true;
    }

    private async ValueTask DeliverAsync(byte[] message, CancellationToken token)
    {
        Volatile.Write(ref _lastReceived, Environment.TickCount64);
        if (message.Length >= 2 && BinaryPrimitives.ReadUInt16BigEndian(message) is MessageTypes.PingType or MessageTypes.PongType)
        {
            HandleControl(message);
            return;
        }

        Volatile.Write(ref _applicationReceived, 1);

        if (_inbox.Writer.TryWrite(message))
        {
            return;
        }

        // The application is behind: stop reading, so TCP slows the peer down.
        _readerParked = true;
        try
        {
            await _inbox.Writer.WriteAsync(message, token).ConfigureAwait(false);
        }
        finally
        {
            _readerParked = false;
        }
    }
}
