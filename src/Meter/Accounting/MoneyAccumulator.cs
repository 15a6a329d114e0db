namespace Microchannels.Meter.Accounting;

/// <summary>
/// Money owed for energy, exact: <see cref="Msat"/> whole millisatoshis plus
/// <see cref="Remainder"/>/d of one, where d is the source's units per kWh. Energy of n units
/// at p msat/Wh is n × 1000 × p / d msat; what does not make a whole msat is carried in the
/// remainder to the next increment, never rounded away. So over any run of increments the
/// msat counted equal the exact product rounded down, and differ from it by less than one.
/// </summary>
public readonly record struct MoneyAccumulator(ulong Msat, ulong Remainder)
{
    /// <summary>Adds <paramref name="units"/> priced at <paramref name="msatPerWattHour"/>; returns the new total and the whole msat it added.</summary>
    /// <exception cref="OverflowException">The total would pass 2^64 msat.</exception>
    public (MoneyAccumulator Total, ulong Added) Add(ulong units, ulong msatPerWattHour, uint unitsPerKilowattHour)
    {
        ArgumentOutOfRangeException.ThrowIfZero(unitsPerKilowattHour);
        if (Remainder >= unitsPerKilowattHour)
        {
            throw new ArgumentException($"Remainder {Remainder} is not below {unitsPerKilowattHour}: the accumulator belongs to another resolution.", nameof(unitsPerKilowattHour));
        }

        UInt128 numerator = ((UInt128)units * 1000 * msatPerWattHour) + Remainder;
        UInt128 whole = numerator / unitsPerKilowattHour;
        if (whole > ulong.MaxValue - Msat)
        {
            throw new OverflowException($"{Msat} msat + {whole} msat overflows u64.");
        }

        ulong added = (ulong)whole;
        return (new MoneyAccumulator(Msat + added, (ulong)(numerator % unitsPerKilowattHour)), added);
    }
}
