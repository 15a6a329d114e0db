using System.Net.Sockets;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Transport;

namespace Microchannels.Channels.Tests.Transport;

/// <summary>
/// A hand-driven BOLT 8 peer for adversarial tests: it completes an honest handshake,
/// then writes exactly the bytes a test wants (or nothing at all).
/// </summary>
internal sealed class RawNoisePeer : IAsyncDisposable
{
    private readonly NetworkStream _stream;

    private RawNoisePeer(Socket socket, NoiseSession session)
    {
        Socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Session = session;
    }

    public Socket Socket { get; }

    public NoiseSession Session { get; }

    public NetworkStream Stream => _stream;

    public static async Task<RawNoisePeer> RespondAsync(Socket socket, PrivateKey localStatic)
    {
        var session = await NoiseHandshakeDriver.RunResponderAsync(new NetworkStream(socket), localStatic, CancellationToken.None).WaitAsync(Loopback.Patience);
        return new RawNoisePeer(socket, session);
    }

    public static async Task<RawNoisePeer> InitiateAsync(Socket socket, PrivateKey localStatic, PublicKey remoteStatic)
    {
        var session = await NoiseHandshakeDriver.RunInitiatorAsync(new NetworkStream(socket), localStatic, remoteStatic, CancellationToken.None).WaitAsync(Loopback.Patience);
        return new RawNoisePeer(socket, session);
    }

    public async Task SendAsync(byte[] message) => await _stream.WriteAsync(Session.Encryptor.Encrypt(message)).AsTask().WaitAsync(Loopback.Patience);

    public async Task<byte[]> ReceiveAsync()
    {
        var header = new byte[NoiseMessageEncryptor.LengthPrefixSize];
        await _stream.ReadExactlyAsync(header).AsTask().WaitAsync(Loopback.Patience);
        int length = Session.Decryptor.DecryptLength(header);
        var body = new byte[length + CipherState.TagSize];
        await _stream.ReadExactlyAsync(body).AsTask().WaitAsync(Loopback.Patience);
        var message = new byte[length];
        Session.Decryptor.DecryptBody(body, message);
        return message;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        Session.Dispose();
    }
}
