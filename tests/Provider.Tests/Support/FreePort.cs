using System.Net;
using System.Net.Sockets;

namespace Microchannels.Provider.Tests.Support;

/// <summary>A loopback TCP port free right now (the OS picks it; a small window remains before the daemon binds it).</summary>
internal static class FreePort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
