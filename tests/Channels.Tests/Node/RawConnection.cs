using System.Net;
using System.Net.Sockets;

namespace Microchannels.Channels.Tests.Node;

/// <summary>A TCP connection that says nothing: a stalled stranger, or one over a bound.</summary>
internal static class RawConnection
{
    /// <summary>Connects to <paramref name="node"/>, from <paramref name="from"/> when given (any 127.0.0.0/8 address works on Linux).</summary>
    public static async Task<Socket> OpenAsync(IPEndPoint node, CancellationToken ct, IPAddress? from = null)
    {
        var socket = new Socket(node.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (from is not null)
            {
                socket.Bind(new IPEndPoint(from, 0));
            }

            await socket.ConnectAsync(node, ct);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Completes once the other end has closed (a clean end of stream or a reset).</summary>
    public static async Task ClosedByPeerAsync(Socket socket, CancellationToken ct)
    {
        byte[] buffer = new byte[256];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, ct) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // Reset: closed as well.
        }
    }
}
