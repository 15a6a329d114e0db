using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microchannels.Meter.Accounting;

/// <summary>
/// The tariff the meter pays by, as the provider set it, checked against the meter's own
/// ceiling. A tariff above the ceiling is refused and the meter stops paying: it keeps
/// counting energy but owes nothing for it until an acceptable tariff arrives, and
/// <see cref="RefusedBecause"/> says why (the streamer and the relay act on it).
/// </summary>
public sealed partial class TariffBook
{
    private readonly Lock _gate = new();
    private ITariff? _schedule;
    private readonly ILogger _logger;
    private string? _refused;

    public TariffBook(ulong ceilingMsatPerWh, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(ceilingMsatPerWh);
        CeilingMsatPerWh = ceilingMsatPerWh;
        _logger = logger ?? NullLogger.Instance;
        _refused = "no tariff set yet";
    }

    public ulong CeilingMsatPerWh { get; }

    /// <summary>Why the meter is not paying, or null while a tariff is in force.</summary>
    public string? RefusedBecause
    {
        get
        {
            lock (_gate)
            {
                return _refused;
            }
        }
    }

    /// <summary>The tariff in force, or null while none is (none set yet, or the last one refused).</summary>
    public ITariff? Current
    {
        get
        {
            lock (_gate)
            {
                return _schedule;
            }
        }
    }

    /// <summary>Takes the provider's tariff; one above the ceiling stops payment.</summary>
    /// <exception cref="TariffAboveCeilingException">Some band's import price is above the ceiling.</exception>
    public void Set(ITariff schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        lock (_gate)
        {
            if (schedule.HighestImportMsatPerWh > CeilingMsatPerWh)
            {
                var refused = new TariffAboveCeilingException(schedule.HighestImportMsatPerWh, CeilingMsatPerWh);
                _schedule = null;
                _refused = refused.Message;
                Log.TariffRefused(_logger, refused.AskedMsatPerWh, CeilingMsatPerWh);
                throw refused;
            }

            _schedule = schedule;
            _refused = null;
            Log.TariffAccepted(_logger, schedule.HighestImportMsatPerWh);
        }
    }

    /// <summary>The price at <paramref name="when"/>, or null while no acceptable tariff is in force.</summary>
    public TariffPrice? PriceAt(DateTimeOffset when)
    {
        lock (_gate)
        {
            return _schedule?.PriceAt(when);
        }
    }

    /// <summary>When the price may next change after <paramref name="after"/>, or null (see <see cref="ITariff.NextChangeAfter"/>).</summary>
    public DateTimeOffset? NextChangeAfter(DateTimeOffset after)
    {
        lock (_gate)
        {
            return _schedule?.NextChangeAfter(after);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Tariff refused: it asks {Asked} msat/Wh, above the ceiling of {Ceiling} msat/Wh; the meter stops paying")]
        public static partial void TariffRefused(ILogger logger, ulong asked, ulong ceiling);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Tariff accepted: highest import price {Highest} msat/Wh")]
        public static partial void TariffAccepted(ILogger logger, ulong highest);
    }
}
