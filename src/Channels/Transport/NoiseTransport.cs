using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Channels.Transport;

/// <summary>
/// A BOLT 8 connection over TCP: the Noise_XK handshake, then encrypted,
/// length-prefixed Lightning messages of at most 65535 bytes, with BOLT 1
/// <c>ping</c>/<c>pong</c> keep-alive answered internally, once the first message went each
/// way (BOLT 1: <c>init</c> comes first; a ping or pong before the peer's is refused). Messages are BOLT 1
/// messages: a received message whose big-endian u16 type is 18 (ping) or 19 (pong)
/// is consumed here and never returned by <see cref="ReceiveAsync"/>.
/// One caller may receive at a time; any number may send concurrently (sends are
/// serialized, and each awaits the socket, so a slow peer slows its senders).
/// A failure of the link or the peer faults the transport: pending and later calls
/// throw the same <see cref="TransportException"/>.
/// </summary>
public sealed partial class NoiseTransport : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly NoiseSession _session;
    private readonly TransportOptions _options;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Channel<byte[]> _inbox;
    private readonly Task _readLoop;
    private readonly Task _keepAliveLoop;
    private Exception? _fault;
    private bool _sendClosed;
    private int _disposed;

    private NoiseTransport(Socket socket, NetworkStream stream, NoiseSession session, TransportOptions options)
    {
        _socket = socket;
        _stream = stream;
        _session = session;
        _options = options;
        RemoteEndPoint = socket.RemoteEndPoint;
        _inbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.ReceiveQueueCapacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _lastReceived = Environment.TickCount64;
        _readLoop = Task.Run(ReadLoopAsync);
        _keepAliveLoop = options.KeepAliveEnabled ? Task.Run(KeepAliveLoopAsync) : Task.CompletedTask;
    }

    /// <summary>The peer's node id, authenticated by the handshake.</summary>
    public PublicKey RemoteStaticKey => _session.RemoteStaticKey;

    public EndPoint? RemoteEndPoint { get; }

    /// <summary>The timeouts and limits this connection was made with.</summary>
    public TransportOptions Options => _options;

    /// <summary>
    /// Connects to <paramref name="remote"/> and runs the handshake as initiator. Fails with
    /// <see cref="NoiseHandshakeException"/> if the node there does not hold
    /// <paramref name="expectedRemote"/>'s private key, and with
    /// <see cref="TransportTimeoutException"/> after <see cref="TransportOptions.HandshakeTimeout"/>.
    /// </summary>
    public static Task<NoiseTransport> ConnectAsync(IPEndPoint remote, PrivateKey localStatic, PublicKey expectedRemote, TransportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(localStatic);
        ArgumentNullException.ThrowIfNull(expectedRemote);
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        return EstablishAsync(socket, remote, (stream, ct) => NoiseHandshakeDriver.RunInitiatorAsync(stream, localStatic, expectedRemote, ct), options, cancellationToken);
    }

    /// <summary>
    /// Runs the handshake as responder on an accepted socket, which the transport now owns
    /// (it is disposed if the handshake fails). The initiator's node id becomes
    /// <see cref="RemoteStaticKey"/>.
    /// </summary>
    public static Task<NoiseTransport> AcceptAsync(Socket socket, PrivateKey localStatic, TransportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(localStatic);
        return EstablishAsync(socket, null, (stream, ct) => NoiseHandshakeDriver.RunResponderAsync(stream, localStatic, ct), options, cancellationToken);
    }

    /// <summary>
    /// Encrypts and sends one Lightning message. Completes once the packet is handed to
    /// the socket; throws <see cref="MessageTooLargeException"/> above 65535 bytes (the
    /// connection stays usable). Cancelling mid-write faults the connection, because a
    /// partly sent packet cannot be taken back.
    /// </summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        if (message.Length > NoiseMessageEncryptor.MaxMessageLength)
        {
            throw new MessageTooLargeException(message.Length);
        }

        if (!await SendPacketAsync(message, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("This transport's sending side has been closed.");
        }

        ApplicationMessageSent();
    }

    /// <summary>
    /// Half-closes the connection after any send in progress: the peer's
    /// <see cref="ReceiveAsync"/> returns null once it has read everything before it.
    /// We keep receiving until the peer closes too.
    /// </summary>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ShutdownSend();
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes our side if no send is under way, then drops the connection and wipes the session keys.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_sendLock.Wait(0))
        {
            ShutdownSend();
            _sendLock.Release();
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        _inbox.Writer.TryComplete();
        _socket.Dispose();
        await Task.WhenAll(_readLoop, _keepAliveLoop).ConfigureAwait(false);

        // Wait out any send still unwinding, and keep the lock: nothing may encrypt after this.
        await _sendLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        _session.Dispose();
    }

    private static async Task<NoiseTransport> EstablishAsync(Socket socket, IPEndPoint? connectTo, Func<Stream, CancellationToken, Task<NoiseSession>> handshake, TransportOptions? options, CancellationToken cancellationToken)
    {
        options ??= TransportOptions.Default;
        try
        {
            options.Validate();
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.HandshakeTimeout);

        // A blocked socket call does not always observe its token; closing the socket always ends it.
        var abort = deadline.Token.UnsafeRegister(static s => ((Socket)s!).Dispose(), socket);
        NoiseSession? session = null;
        try
        {
            if (connectTo is not null)
            {
                if (options.BindTo is { } local)
                {
                    socket.Bind(local);
                }

                await socket.ConnectAsync(connectTo, deadline.Token).ConfigureAwait(false);
            }

            socket.NoDelay = true;
            var stream = new NetworkStream(socket, ownsSocket: true);
            session = await handshake(stream, deadline.Token).ConfigureAwait(false);
            abort.Dispose();
            if (deadline.IsCancellationRequested)
            {
                throw new OperationCanceledException(deadline.Token);
            }

            return new NoiseTransport(socket, stream, session, options);
        }
        catch (Exception e)
        {
            abort.Dispose();
            session?.Dispose();
            socket.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            if (deadline.IsCancellationRequested)
            {
                throw new TransportTimeoutException(TransportTimeoutKind.Handshake, options.HandshakeTimeout);
            }

            if (e is IOException and not TransportException or SocketException or ObjectDisposedException)
            {
                throw new TransportException($"The connection failed before the BOLT 8 handshake completed: {e.Message}", e);
            }

            throw;
        }
    }

    // Encrypts under the send lock, so nonce order is wire order. Returns false if our
    // sending side is closed (control messages are then dropped quietly).
    private async ValueTask<bool> SendPacketAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        ThrowIfFaultedOrDisposed();
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token) : null;
        var token = linked?.Token ?? _lifetime.Token;
        try
        {
            await _sendLock.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            ThrowIfFaultedOrDisposed();
            throw;
        }

        byte[]? packet = null;
        try
        {
            ThrowIfFaultedOrDisposed();
            if (_sendClosed)
            {
                return false;
            }

            int length = NoiseMessageEncryptor.EncryptedLength(message.Length);
            packet = ArrayPool<byte>.Shared.Rent(length);
            _session.Encryptor.Encrypt(message.Span, packet.AsSpan(0, length));
            try
            {
                await _stream.WriteAsync(packet.AsMemory(0, length), token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The nonce has moved and part of the packet may be on the wire: the stream cannot resume.
                var fault = Fault(cancellationToken.IsCancellationRequested
                    ? new TransportException("A send was cancelled part-way; the encrypted stream cannot be resumed.", e)
                    : new TransportException($"The connection failed while sending: {e.Message}", e));
                cancellationToken.ThrowIfCancellationRequested();
                ExceptionDispatchInfo.Throw(fault);
            }

            return true;
        }
        finally
        {
            if (packet is not null)
            {
                ArrayPool<byte>.Shared.Return(packet);
            }

            _sendLock.Release();
        }
    }

    // Called with the send lock held.
    private void ShutdownSend()
    {
        if (_sendClosed || _fault is not null)
        {
            return;
        }

        _sendClosed = true;
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException e)
        {
            Fault(new TransportException($"The connection failed while closing: {e.Message}", e));
        }
    }

    /// <summary>Records the first failure, stops both loops and drops the socket. Returns the failure that won.</summary>
    private Exception Fault(Exception error)
    {
        var first = Interlocked.CompareExchange(ref _fault, error, null);
        if (first is not null)
        {
            return first;
        }

        _lifetime.Cancel();
        _inbox.Writer.TryComplete();
        _socket.Dispose();
        return error;
    }

    private void ThrowIfFaultedOrDisposed()
    {
        ThrowIfDisposed();
        if (Volatile.Read(ref _fault) is { } fault)
        {
            ExceptionDispatchInfo.Throw(fault);
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
