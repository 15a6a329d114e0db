using System.Text;

namespace Microchannels.Channels.Wire;

/// <summary>
/// Our <c>tariff_update</c> (docs/PROTOCOL.md, "Message: tariff_update"), type
/// <see cref="MessageTypes.TariffUpdate"/>: the provider tells the meter on the other end of
/// <see cref="ChannelId"/> what a watt-hour costs, when the channel is established or
/// reestablished and whenever the provider's back office changes that meter's tariff. The
/// meter checks it against its own ceiling; the message carries prices, never money.
/// </summary>
public sealed record TariffUpdate(
    ChannelId ChannelId,
    ulong ImportMsatPerWh,
    ulong? FeedInMsatPerWh,
    ValueList<TariffPeriod> TimeOfUse,
    string? TimeZone) : LightningMessage
{
    /// <summary>The longest time zone name the message carries, in UTF-8 bytes (IANA names are far shorter).</summary>
    public const int MaxTimeZoneBytes = 64;

    /// <summary>
    /// Type 0 <c>time_of_use</c>: the periods, 13 bytes each. Even: a meter that ignored it would
    /// pay the base price at times the provider charges another.
    /// </summary>
    private static readonly TlvField<ValueList<TariffPeriod>> TimeOfUseField = new(
        0,
        "time_of_use",
        static (ref WireReader reader) =>
        {
            if (reader.Remaining == 0 || reader.Remaining % TariffPeriod.EncodedLength != 0)
            {
                // An empty table is sent as no record, so every table has one encoding.
                throw new WireFormatException(WireFormatReason.InvalidTlvValue, $"time_of_use is {reader.Remaining} bytes, not a positive multiple of {TariffPeriod.EncodedLength}.");
            }

            var periods = new TariffPeriod[reader.Remaining / TariffPeriod.EncodedLength];
            for (int i = 0; i < periods.Length; i++)
            {
                periods[i] = TariffPeriod.Read(ref reader);
            }

            return new ValueList<TariffPeriod>(periods);
        },
        static (writer, periods) =>
        {
            foreach (var period in periods)
            {
                TariffPeriod.Write(writer, period);
            }
        });

    /// <summary>Type 1 <c>feed_in_price</c>: u64 msat per Wh the provider pays for energy fed in. Odd: a meter without feed-in may ignore it.</summary>
    private static readonly TlvField<ulong> FeedInField = new(
        1,
        "feed_in_price",
        static (ref WireReader reader) => reader.ReadU64(),
        static (writer, price) => writer.WriteU64(price));

    /// <summary>
    /// Type 2 <c>time_zone</c>: the IANA name ("Europe/Berlin") the periods' minutes are local
    /// to, UTF-8; absent means UTC. Even: the same table read in another zone charges other hours.
    /// </summary>
    private static readonly TlvField<string> TimeZoneField = new(
        2,
        "time_zone",
        static (ref WireReader reader) =>
        {
            var bytes = reader.ReadRemaining();
            if (bytes.Length is 0 or > MaxTimeZoneBytes)
            {
                throw new WireFormatException(WireFormatReason.InvalidTlvValue, $"time_zone is {bytes.Length} bytes; 1 to {MaxTimeZoneBytes} are allowed.");
            }

            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                throw new WireFormatException(WireFormatReason.InvalidTlvValue, "time_zone is not UTF-8.", e);
            }
        },
        static (writer, zone) => writer.WriteBytes(Encoding.UTF8.GetBytes(zone)));

    private static readonly TlvNamespace Tlvs = new("tariff_update_tlvs", TimeOfUseField, FeedInField, TimeZoneField);

    public static TariffUpdate Read(ref WireReader reader)
    {
        var channelId = reader.ReadChannelId();
        ulong import = reader.ReadU64();
        var tlvs = TlvStream.Read(ref reader, Tlvs);
        return new TariffUpdate(
            channelId,
            import,
            tlvs.FindValue(FeedInField),
            tlvs.FindValue(TimeOfUseField) ?? ValueList<TariffPeriod>.Empty,
            tlvs.Find(TimeZoneField)) { Extension = tlvs.WithoutKnown(Tlvs) };
    }

    public static void Write(WireWriter writer, TariffUpdate message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        writer.Write(message.ChannelId);
        writer.WriteU64(message.ImportMsatPerWh);
        Tlvs.Compose(
            message.Extension,
            message.TimeOfUse.Count == 0 ? null : TimeOfUseField.ToRecord(message.TimeOfUse),
            message.FeedInMsatPerWh is { } feedIn ? FeedInField.ToRecord(feedIn) : null,
            message.TimeZone is { } zone ? TimeZoneField.ToRecord(zone) : null).Write(writer);
    }
}
