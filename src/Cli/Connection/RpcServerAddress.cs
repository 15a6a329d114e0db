using System.Globalization;
using System.Net;
using Microchannels.Cli.Errors;

namespace Microchannels.Cli.Connection;

/// <summary>The daemon's API address as given with --rpcserver: "host:port", "[v6]:port", or "host" (default port).</summary>
public sealed record RpcServerAddress(string Host, int Port)
{
    private const int DefaultPort = 10009;

    /// <summary>True when the host is this machine (localhost, 127.0.0.0/8, ::1): only there may tokens travel in cleartext.</summary>
    public bool IsLoopback =>
        string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(Host, out var address) && IPAddress.IsLoopback(address));

    /// <summary>The URI of the API: https, or http for a cleartext (h2c) daemon.</summary>
    public Uri ToUri(bool cleartext)
    {
        string host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"{(cleartext ? "http" : "https")}://{host}:{Port}"));
    }

    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
            : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <summary>Parses --rpcserver; a malformed value is a <see cref="UsageException"/>.</summary>
    public static RpcServerAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string value = text.Trim();
        string host;
        string? port = null;
        if (value.StartsWith('['))
        {
            int close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Malformed(text);
            }

            host = value[1..close];
            string rest = value[(close + 1)..];
            if (rest.Length > 0)
            {
                if (!rest.StartsWith(':'))
                {
                    throw Malformed(text);
                }

                port = rest[1..];
            }
        }
        else if (value.Count(c => c == ':') > 1)
        {
            // A bare IPv6 address without brackets: no port can be told apart from it.
            host = value;
        }
        else
        {
            int colon = value.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? value : value[..colon];
            port = colon < 0 ? null : value[(colon + 1)..];
        }

        if (host.Length == 0 || host.Any(char.IsWhiteSpace) || host.Contains('/', StringComparison.Ordinal))
        {
            throw Malformed(text);
        }

        int number = DefaultPort;
        if (port is not null
            && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1 || number > 65535))
        {
            throw new UsageException($"--rpcserver '{text}': the port must be a number from 1 to 65535");
        }

        return new RpcServerAddress(host, number);
    }

    private static UsageException Malformed(string text) =>
        new($"--rpcserver '{text}' is not host:port (examples: localhost:10009, 192.0.2.7:10009, [::1]:10009)");
}
