using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace Microchannels.Meter.Daemon.Configuration;

/// <summary>Typed reads of one configuration key each; a bad value throws <see cref="InvalidSettingException"/> naming the key.</summary>
internal sealed class SettingReader(IConfiguration configuration)
{
    public string? Text(string key) => configuration[key] is { Length: > 0 } value ? value : null;

    public string Choice(string key, string fallback, params string[] allowed)
    {
        string value = (configuration[key] ?? fallback).ToLowerInvariant();
        return allowed.Contains(value, StringComparer.Ordinal) ? value : throw new InvalidSettingException(key, $"must be one of {string.Join(", ", allowed)}", value);
    }

    public long Long(string key, long fallback, long min, long max)
    {
        string? value = configuration[key];
        if (value is null)
        {
            return fallback;
        }

        return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw new InvalidSettingException(key, $"must be a whole number from {min} to {max}", value);
    }

    public int Int(string key, int fallback, int min, int max) => (int)Long(key, fallback, min, max);

    public double Double(string key, double fallback, double min, double max)
    {
        string? value = configuration[key];
        if (value is null)
        {
            return fallback;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw new InvalidSettingException(key, $"must be a number from {min} to {max}", value);
    }

    public bool Bool(string key, bool fallback)
    {
        string? value = configuration[key];
        return value is null ? fallback : bool.TryParse(value, out bool parsed) ? parsed : throw new InvalidSettingException(key, "must be true or false", value);
    }

    public IPEndPoint LoopbackEndPoint(string key, string fallback)
    {
        string value = configuration[key] ?? fallback;
        if (IPEndPoint.TryParse(value, out var endPoint) && value.Contains(':', StringComparison.Ordinal) && endPoint.Port is >= 1 and <= 65535)
        {
            return IPAddress.IsLoopback(endPoint.Address)
                ? endPoint
                : throw new InvalidSettingException(key, "must be a loopback address (127.0.0.1 or [::1]): the status endpoint is local only", value);
        }

        throw new InvalidSettingException(key, "must be an IP address and port, like 127.0.0.1:9740", value);
    }

    public TimeSpan Seconds(string key, double fallback, double min, double max) => TimeSpan.FromSeconds(Double(key, fallback, min, max));

    public TimeSpan Milliseconds(string key, int fallback, int min, int max) => TimeSpan.FromMilliseconds(Int(key, fallback, min, max));
}
