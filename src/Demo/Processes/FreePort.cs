using System.Net;
using System.Net.Sockets;

namespace Microchannels.Demo.Processes;

/// <summary>A loopback TCP port free at the time of asking (bound to port 0, then released).</summary>
internal static class FreePort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
