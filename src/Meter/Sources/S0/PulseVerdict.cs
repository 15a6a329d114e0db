namespace Microchannels.Meter.Sources.S0;

/// <summary>What the counter made of one falling edge.</summary>
public enum PulseVerdict
{
    /// <summary>A pulse: one quantum of energy (1/constant kWh).</summary>
    Counted,

    /// <summary>Within the debounce time of the last counted pulse: the contact bouncing, ignored.</summary>
    Bounce,

    /// <summary>Implies more power than the configured maximum: discarded and raised as an alarm.</summary>
    AbovePowerLimit,

    /// <summary>Earlier than the last counted pulse: a clock that went back; discarded and raised as an alarm.</summary>
    OutOfOrder,
}
