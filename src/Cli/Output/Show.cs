using System.Globalization;
using Google.Protobuf.Reflection;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Output;

/// <summary>How values look in tables and stream lines: invariant, unambiguous, units in the column name.</summary>
public static class Show
{
    /// <summary>A count or amount with thousands separators: 1,234,000.</summary>
    public static string Amount(ulong value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <inheritdoc cref="Amount(ulong)"/>
    public static string Amount(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A plain number (heights, sequence numbers, commitment numbers).</summary>
    public static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Unix milliseconds as UTC ISO 8601; "-" for 0 (never).</summary>
    public static string Time(long unixMilliseconds) =>
        unixMilliseconds == 0
            ? "-"
            : DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Unix seconds (a meter's clock) as UTC ISO 8601.</summary>
    public static string Seconds(ulong unixSeconds) =>
        unixSeconds > (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? unixSeconds.ToString(CultureInfo.InvariantCulture)
            : DateTimeOffset.FromUnixTimeSeconds((long)unixSeconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>An empty string as "-", so a table never shows a blank that could be misread.</summary>
    public static string OrDash(string value) => value.Length == 0 ? "-" : value;

    /// <summary>"normal", "shutting_down": the .proto name without its prefix (the names --state takes).</summary>
    public static string State(ChannelState state) => EnumName(ProtoEnums.ChannelState, (int)state, "CHANNEL_STATE_");

    /// <summary>"received" or "sent".</summary>
    public static string Direction(TransferDirection direction) =>
        EnumName(ProtoEnums.TransferDirection, (int)direction, "TRANSFER_DIRECTION_");

    public static string OutPoint(OutPoint? outPoint) =>
        outPoint is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{outPoint.Txid}:{outPoint.OutputIndex}");

    /// <summary>A reading in one line: "12,345 Wh, 98,765 pulses at 2026-12-02 12:00:00Z".</summary>
    public static string Reading(SignedMeterReading? reading) =>
        reading is null
            ? "-"
            : $"{Amount(reading.CumulativeWh)} Wh, {Amount(reading.PulseCount)} pulses at {Seconds(reading.Timestamp)}";

    private static string EnumName(EnumDescriptor descriptor, int number, string prefix)
    {
        string? name = descriptor.FindValueByNumber(number)?.Name;
        return name is null
            ? number.ToString(CultureInfo.InvariantCulture)
            : name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..].ToLowerInvariant() : name.ToLowerInvariant();
    }
}
