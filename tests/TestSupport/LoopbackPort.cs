using System.Net;
using System.Net.Sockets;

namespace EvSysReview.TestSupport;

/// <summary>A loopback port free at the moment of asking, for a process the test starts itself.</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
