using System.Globalization;
using System.Net;
using Microchannels.Provider.Configuration;

namespace Microchannels.Provider.Dashboard;

/// <summary>
/// The dashboard's settings: <c>Dashboard:Listen</c> (host:port; empty, the default, serves no
/// dashboard) and <c>Dashboard:IntervalSeconds</c> (how often the page is updated, 1 to 60).
/// On a loopback address the page is open to this machine; on any other address every request
/// must carry the read-only (or admin) token as <c>?token=</c>.
/// </summary>
public sealed record DashboardOptions(IPEndPoint? Listen, TimeSpan Interval)
{
    /// <summary>Samples kept per channel for the plots (at the default 2 s, the last ten minutes).</summary>
    public const int HistoryLength = 300;

    public bool RequiresToken => Listen is { } endPoint && !IPAddress.IsLoopback(endPoint.Address);

    public static DashboardOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string listen = configuration["Dashboard:Listen"] ?? "";
        IPEndPoint? endPoint = null;
        if (listen.Length > 0 && !IPEndPoint.TryParse(listen, out endPoint))
        {
            throw new InvalidSettingException("Dashboard:Listen", "must be host:port with an IP address (127.0.0.1:9465), or empty for no dashboard", listen);
        }

        if (endPoint is { Port: 0 })
        {
            throw new InvalidSettingException("Dashboard:Listen", "needs a port", listen);
        }

        string interval = configuration["Dashboard:IntervalSeconds"] ?? "2";
        if (!int.TryParse(interval, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seconds) || seconds is < 1 or > 60)
        {
            throw new InvalidSettingException("Dashboard:IntervalSeconds", "must be a whole number of seconds from 1 to 60", interval);
        }

        return new DashboardOptions(endPoint, TimeSpan.FromSeconds(seconds));
    }
}
