using System.Net;
using System.Net.Sockets;

namespace Microchannels.Meter.Daemon.Tests.Support;

internal static class FreePort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
