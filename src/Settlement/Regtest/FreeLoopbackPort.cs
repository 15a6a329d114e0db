using System.Net;
using System.Net.Sockets;

namespace Microchannels.Settlement.Regtest;

/// <summary>
/// Picks a TCP port on 127.0.0.1 that is free now: bind port 0, read the port
/// the OS chose, release it. Another process may take it before bitcoind binds;
/// <see cref="RegtestNode"/> then starts again on new ports.
/// </summary>
internal static class FreeLoopbackPort
{
    public static int Pick()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
