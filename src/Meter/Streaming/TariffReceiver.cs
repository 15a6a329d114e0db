using Microchannels.Channels.Wire;
using Microchannels.Meter.Accounting;
using Microchannels.Meter.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microchannels.Meter.Streaming;

/// <summary>
/// Takes the provider's <c>tariff_update</c> (docs/PROTOCOL.md) for the meter: checks it names
/// the meter's channel and reads as a tariff, stores it (durable before any energy is priced by
/// it), then hands it to the streamer, which records the energy so far at the old tariff and
/// switches; before streaming starts it goes straight to the <see cref="TariffBook"/>. A tariff
/// above the meter's ceiling is stored and in force as the provider's word, and the meter
/// stops paying (the book logs why). A message that fails a check changes nothing.
/// </summary>
public sealed partial class TariffReceiver(TariffBook book, MeterStore store, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly Lock _gate = new();

    /// <summary>The streamer once it runs; tariffs then change through it.</summary>
    public PaymentStreamer? Streamer { get; set; }

    /// <summary>At boot: the provider's stored tariff if it ever sent one, else <paramref name="configured"/>.</summary>
    /// <returns>Whether the stored provider tariff is in force (false: the configured one, or none above the ceiling).</returns>
    public bool Restore(ITariff configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ITariff tariff = configured;
        if (store.LoadTariff() is { } stored)
        {
            try
            {
                tariff = WeeklyTariff.From((TariffUpdate)MessageCodec.Decode(stored).Message);
            }
            catch (Exception e) when (e is WireFormatException or InvalidTariffException or InvalidCastException)
            {
                // Stored by this code, so only a changed device (say, tzdata removed) gets here.
                Log.StoredTariffUnreadable(_logger, e.Message);
            }
        }

        try
        {
            book.Set(tariff);
            return tariff != configured;
        }
        catch (TariffAboveCeilingException)
        {
            return false; // logged by the book; the meter does not pay
        }
    }

    /// <summary>Applies <paramref name="message"/> for the meter's channel <paramref name="channel"/>.</summary>
    /// <returns>True when the meter pays by it; false when it is above the ceiling and the meter stops paying.</returns>
    /// <exception cref="TariffChannelMismatchException">It names another channel (nothing changes).</exception>
    /// <exception cref="InvalidTariffException">It does not read as a tariff: overlapping periods, a zero price, an unknown zone (nothing changes).</exception>
    public bool Receive(TariffUpdate message, ChannelId channel)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.ChannelId.Equals(channel))
        {
            throw new TariffChannelMismatchException(message.ChannelId, channel);
        }

        var tariff = WeeklyTariff.From(message);
        lock (_gate)
        {
            store.SaveTariff(MessageCodec.Encode(message));
            Log.Received(_logger, tariff.Base.ImportMsatPerWh, tariff.Periods.Count, tariff.Zone.Id, tariff.Base.FeedInMsatPerWh?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none");
            try
            {
                if (Streamer is { } streamer)
                {
                    streamer.ChangeTariff(tariff);
                }
                else
                {
                    book.Set(tariff);
                }

                return true;
            }
            catch (TariffAboveCeilingException)
            {
                return false; // logged by the book: the meter stops paying
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Tariff from the provider: base {Import} msat/Wh, {Periods} time-of-use period(s) in {Zone}, feed-in {FeedIn} msat/Wh")]
        public static partial void Received(ILogger logger, ulong import, int periods, string zone, string feedIn);

        [LoggerMessage(EventId = 31, Level = LogLevel.Error, Message = "The stored provider tariff cannot be read ({Reason}); the configured tariff applies until the provider sends one")]
        public static partial void StoredTariffUnreadable(ILogger logger, string reason);
    }
}
