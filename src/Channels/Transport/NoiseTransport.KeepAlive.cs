using Microchannels.Channels.Wire;
namespace Microchannels.Channels.Transport;

/// <summary>
/// BOLT 1 keep-alive: after <see cref="TransportOptions.PingInterval"/> without receiving
/// anything, send a <c>ping</c>; if its <c>pong</c> has not come and nothing else has
/// arrived for <see cref="TransportOptions.PingTimeout"/>, close the connection as dead.
/// The peer's pings are answered automatically.
/// </summary>
public sealed partial class NoiseTransport
{
    // Our pings ask for no padding back; the pong that answers carries byteslen 0.
    private const ushort OurPongBytes = 0;

    private const long NoPingOutstanding = -1;

    private long _lastReceived;
    private long _pingSentAt = NoPingOutstanding;
    private int _owedPong = -1;
    private int _pongPumpRunning;
    private long _pingsSent;
    private long _pongsReceived;

    // BOLT 1 "The init Message": init is the first message each way, and a node "MUST wait to
    // receive init before sending any other messages". Our own ping/pong traffic therefore waits
    // until the application sent its first message (our init) and received the peer's.
    private int _applicationSent;
    private int _applicationReceived;

    private bool ControlOpen => Volatile.Read(ref _applicationSent) == 1 && Volatile.Read(ref _applicationReceived) == 1;

    /// <summary>Raised on the read loop each time a pong answers our ping (for tests and metrics).</summary>
    internal event Action? PongReceived;

    internal long PingsSent => Interlocked.Read(ref _pingsSent);

    internal long PongsReceived => Interlocked.Read(ref _pongsReceived);

    private async Task KeepAliveLoopAsync()
    {
        var token = _lifetime.Token;
        long interval = (long)_options.PingInterval.TotalMilliseconds;
        long timeout = (long)_options.PingTimeout.TotalMilliseconds;
        var tick = TimeSpan.FromMilliseconds(Math.Clamp(Math.Min(interval, timeout) / 4, 10, 1000));
        using var timer = new PeriodicTimer(tick);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                if (_readLoop.IsCompleted || Volatile.Read(ref _sendClosed))
                {
                    return; // No pong could be read or no ping sent any more.
                }

                long now = Environment.TickCount64;
                if (!ControlOpen)
                {
                    // Before the init exchange the peer owes us nothing but its init; idle time counts from then.
                    Volatile.Write(ref _lastReceived, now);
                    continue;
                }

                if (_readerParked)
                {
                    // We stopped reading because our own application is slow: the peer's
                    // pong may be waiting unread, so this time is not the peer's silence.
                    Volatile.Write(ref _lastReceived, now);
                    if (Volatile.Read(ref _pingSentAt) != NoPingOutstanding)
                    {
                        Volatile.Write(ref _pingSentAt, now);
                    }

                    continue;
                }

                long pingSentAt = Volatile.Read(ref _pingSentAt);
                if (pingSentAt != NoPingOutstanding)
                {
                    // Messages still arriving prove the peer alive; its pong may be queued
                    // behind them. Dead means: a ping outstanding and nothing received for PingTimeout.
                    if (now - Math.Max(pingSentAt, Volatile.Read(ref _lastReceived)) >= timeout)
                    {
                        Fault(new TransportTimeoutException(TransportTimeoutKind.Pong, _options.PingTimeout));
                        return;
                    }
                }
                else if (now - Volatile.Read(ref _lastReceived) >= interval)
                {
                    // The deadline starts now, even if the ping waits behind a blocked send.
                    Volatile.Write(ref _pingSentAt, now);
                    Interlocked.Increment(ref _pingsSent);
                    _ = SendControlAsync(MessageCodec.Encode(new Ping(OurPongBytes, ByteVector.Empty)));
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed or faulted.
        }
    }

    /// <summary>Called by the read loop for a message of type 18 or 19.</summary>
    private void HandleControl(byte[] message)
    {
        LightningMessage decoded;
        try
        {
            decoded = MessageCodec.Decode(message).Message;
        }
        catch (WireFormatException e)
        {
            throw new TransportException($"The peer sent a malformed ping or pong: {e.Message}", e);
        }

        if (Volatile.Read(ref _applicationReceived) == 0)
        {
            throw new ControlBeforeInitException(decoded.Type);
        }

        if (decoded is Ping ping)
        {
            // BOLT 1: "if num_pong_bytes is less than 65532: MUST respond by sending a pong
            // message, with byteslen equal to num_pong_bytes."; "otherwise (num_pong_bytes is
            // not less than 65532): MUST ignore the ping."
            if (ping.NumPongBytes < Ping.NoReplyThreshold)
            {
                OwePong(ping.NumPongBytes);
            }
        }
        else if (decoded is Pong pong)
        {
            // BOLT 1: a pong that matches no ping we sent MAY close the connection; we
            // only ignore it, and it does not count as the answer to ours.
            if (pong.Ignored.Length == OurPongBytes && Interlocked.Exchange(ref _pingSentAt, NoPingOutstanding) != NoPingOutstanding)
            {
                Interlocked.Increment(ref _pongsReceived);
                PongReceived?.Invoke();
            }
        }
    }

    // The reader never waits on the send path (two peers both stuck sending pongs would
    // deadlock), so pongs go out from a separate pump. Pings that arrive faster than we
    // can answer collapse into one pong ("Limited precautions are recommended against
    // ping flooding", BOLT 1).
    private void OwePong(ushort numPongBytes)
    {
        Interlocked.Exchange(ref _owedPong, numPongBytes);
        StartPongPump();
    }

    /// <summary>Sends an owed pong once our init is out (see <see cref="ControlOpen"/>).</summary>
    private void StartPongPump()
    {
        if (ControlOpen && Volatile.Read(ref _owedPong) >= 0 && Interlocked.Exchange(ref _pongPumpRunning, 1) == 0)
        {
            _ = PumpPongsAsync();
        }
    }

    /// <summary>The application sent a message: the first is our init, after which owed pongs may go.</summary>
    private void ApplicationMessageSent()
    {
        if (Interlocked.Exchange(ref _applicationSent, 1) == 0)
        {
            StartPongPump();
        }
    }

    private async Task PumpPongsAsync()
    {
        while (true)
        {
            int owed = Interlocked.Exchange(ref _owedPong, -1);
            if (owed >= 0)
            {
                await SendControlAsync(MessageCodec.Encode(new Pong(new ByteVector(new byte[owed])))).ConfigureAwait(false);
                continue;
            }

            Volatile.Write(ref _pongPumpRunning, 0);
            if (Volatile.Read(ref _owedPong) < 0 || Interlocked.Exchange(ref _pongPumpRunning, 1) != 0)
            {
                return;
            }
        }
    }

    private async Task SendControlAsync(byte[] message)
    {
        try
        {
            await SendPacketAsync(message, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TransportException or OperationCanceledException or ObjectDisposedException)
        {
            // The transport is already faulted or disposed; the failure is reported there.
        }
    }
}
