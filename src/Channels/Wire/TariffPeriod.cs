namespace Microchannels.Channels.Wire;

/// <summary>
/// One row of a <c>tariff_update</c>'s <c>time_of_use</c> table (docs/PROTOCOL.md, "Message:
/// tariff_update"): <see cref="MsatPerWh"/> applies on the days of <see cref="DaysOfWeek"/>
/// (bit 0 Sunday … bit 6 Saturday) from minute <see cref="StartMinute"/> of the local day up
/// to, not including, minute <see cref="EndMinute"/>. 13 bytes on the wire.
/// </summary>
public readonly record struct TariffPeriod(byte DaysOfWeek, ushort StartMinute, ushort EndMinute, ulong MsatPerWh)
{
    /// <summary>byte days_of_week, u16 start_minute, u16 end_minute, u64 msat_per_wh.</summary>
    public const int EncodedLength = 1 + 2 + 2 + 8;

    /// <summary>Minutes in a day: an end minute of 1440 is the day's end.</summary>
    public const ushort MinutesPerDay = 1440;

    /// <exception cref="WireFormatException">Days outside 1..127, or not 0 &lt;= start &lt; end &lt;= 1440.</exception>
    public static TariffPeriod Read(ref WireReader reader)
    {
        var period = new TariffPeriod(reader.ReadByte(), reader.ReadU16(), reader.ReadU16(), reader.ReadU64());
        if (period.DaysOfWeek is 0 or > 127)
        {
            throw new WireFormatException(WireFormatReason.InvalidTlvValue, $"A time_of_use period's days_of_week 0x{period.DaysOfWeek:x2} is not a mask of 1 to 7 days.");
        }

        if (period.StartMinute >= period.EndMinute || period.EndMinute > MinutesPerDay)
        {
            throw new WireFormatException(WireFormatReason.InvalidTlvValue, $"A time_of_use period from minute {period.StartMinute} to {period.EndMinute} is not within one day (0 <= start < end <= 1440).");
        }

        return period;
    }

    public static void Write(WireWriter writer, TariffPeriod period)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteByte(period.DaysOfWeek);
        writer.WriteU16(period.StartMinute);
        writer.WriteU16(period.EndMinute);
        writer.WriteU64(period.MsatPerWh);
    }
}
