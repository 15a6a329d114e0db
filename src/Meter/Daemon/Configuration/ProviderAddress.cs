using System.Net;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Meter.Daemon.Configuration;

/// <summary>The provider the meter pays: its node id and where it listens, written <c>nodeid@host:port</c> as Lightning nodes write it.</summary>
public sealed record ProviderAddress(PublicKey NodeId, string Host, int Port)
{
    /// <exception cref="InvalidSettingException">Not <c>66-hex-digit-node-id@host:port</c>, or a node id that is not a valid public key.</exception>
    public static ProviderAddress Parse(string setting, string? value)
    {
        const string Allowed = "must be nodeid@host:port, the node id as 66 hex digits (a compressed public key)";
        if (value is null)
        {
            throw new InvalidSettingException(setting, Allowed, value);
        }

        int at = value.IndexOf('@', StringComparison.Ordinal);
        int colon = value.LastIndexOf(':');
        if (at != 66 || colon <= at + 1 || !int.TryParse(value.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw new InvalidSettingException(setting, Allowed, value);
        }

        PublicKey nodeId;
        try
        {
            nodeId = PublicKey.FromBytes(Convert.FromHexString(value.AsSpan(0, 66)));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new InvalidSettingException(setting, Allowed, value);
        }

        string host = value[(at + 1)..colon].Trim('[', ']');
        return new ProviderAddress(nodeId, host, port);
    }

    public async Task<IPEndPoint> ResolveAsync(CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(Host, out var address))
        {
            return new IPEndPoint(address, Port);
        }

        var addresses = await Dns.GetHostAddressesAsync(Host, cancellationToken).ConfigureAwait(false);
        return new IPEndPoint(addresses[0], Port);
    }

    public override string ToString() => $"{NodeId}@{Host}:{Port}";
}
