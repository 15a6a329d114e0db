using System.Net;
using System.Net.Sockets;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Transport;

namespace Microchannels.Channels.Tests.Transport;

/// <summary>A TCP listener on 127.0.0.1, port 0, and helpers to connect transports through it.</summary>
internal sealed class Loopback : IDisposable
{
    /// <summary>Guards every await in these tests: generous, so a slow machine does not flake, but a hang still fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly TcpListener _listener;

    private Loopback()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
    }

    public IPEndPoint EndPoint { get; }

    public static Loopback Start() => new();

    public Task<Socket> AcceptSocketAsync() => _listener.AcceptSocketAsync().WaitAsync(Patience);

    /// <summary>Connects an initiator to a responder and completes the handshake on both.</summary>
    public async Task<(NoiseTransport Initiator, NoiseTransport Responder)> ConnectPairAsync(
        PrivateKey initiatorKey, PrivateKey responderKey, TransportOptions? initiatorOptions = null, TransportOptions? responderOptions = null)
    {
        var accept = Task.Run(async () => await NoiseTransport.AcceptAsync(await AcceptSocketAsync(), responderKey, responderOptions));
        var initiator = await NoiseTransport.ConnectAsync(EndPoint, initiatorKey, responderKey.PublicKey, initiatorOptions).WaitAsync(Patience);
        return (initiator, await accept.WaitAsync(Patience));
    }

    /// <summary>A raw TCP client, connected but with no handshake.</summary>
    public async Task<Socket> ConnectRawAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(EndPoint).WaitAsync(Patience);
        return socket;
    }

    public void Dispose() => _listener.Stop();
}
