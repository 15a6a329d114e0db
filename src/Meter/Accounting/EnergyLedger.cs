using Microchannels.Meter.Sources;

namespace Microchannels.Meter.Accounting;

/// <summary>
/// Cumulative energy and the money it is worth, exact to the msat with the sub-msat
/// remainder carried (<see cref="MoneyAccumulator"/>). Immutable: recording a new register
/// reading returns a new ledger, so the streamer stores ledger, payment and signed reading
/// together or not at all. Each step's energy is priced at the tariff in force when it is
/// recorded (the streamer records every interval, so a time-of-use band applies to the
/// energy of its own intervals).
/// </summary>
public sealed record EnergyLedger(
    uint UnitsPerKilowattHour,
    ulong ImportUnits,
    ulong ExportUnits,
    MoneyAccumulator ImportOwed,
    MoneyAccumulator ExportCredit)
{
    /// <summary>A ledger starting at the source's present registers, owing nothing.</summary>
    public static EnergyLedger StartingAt(RegisterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new(snapshot.UnitsPerKilowattHour, snapshot.ImportUnits, snapshot.ExportUnits, default, default);
    }

    public ulong ImportWattHours => (ulong)((UInt128)ImportUnits * 1000 / UnitsPerKilowattHour);

    public ulong ExportWattHours => (ulong)((UInt128)ExportUnits * 1000 / UnitsPerKilowattHour);

    /// <summary>
    /// The ledger after the source's <paramref name="snapshot"/>: the energy since the last
    /// record is priced at <paramref name="price"/>; with no price (no acceptable tariff) the
    /// energy is counted but owes nothing.
    /// </summary>
    /// <exception cref="RegisterWentBackwardsException">A register below the ledger's.</exception>
    /// <exception cref="ArgumentException">A snapshot in another resolution.</exception>
    public EnergyLedger Record(RegisterSnapshot snapshot, TariffPrice? price)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.UnitsPerKilowattHour != UnitsPerKilowattHour)
        {
            throw new ArgumentException($"The snapshot counts {snapshot.UnitsPerKilowattHour} units/kWh, the ledger {UnitsPerKilowattHour}.", nameof(snapshot));
        }

        if (snapshot.ImportUnits < ImportUnits)
        {
            throw new RegisterWentBackwardsException("import", ImportUnits, snapshot.ImportUnits);
        }

        if (snapshot.ExportUnits < ExportUnits)
        {
            throw new RegisterWentBackwardsException("export", ExportUnits, snapshot.ExportUnits);
        }

        var owed = ImportOwed;
        var credit = ExportCredit;
        if (price is { } p)
        {
            (owed, _) = owed.Add(snapshot.ImportUnits - ImportUnits, p.ImportMsatPerWh, UnitsPerKilowattHour);
            (credit, _) = credit.Add(snapshot.ExportUnits - ExportUnits, p.FeedInMsatPerWh ?? 0, UnitsPerKilowattHour);
        }

        return this with { ImportUnits = snapshot.ImportUnits, ExportUnits = snapshot.ExportUnits, ImportOwed = owed, ExportCredit = credit };
    }
}
