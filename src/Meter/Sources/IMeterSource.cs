namespace Microchannels.Meter.Sources;

/// <summary>
/// Where the meter's energy comes from: S0 pulses on a GPIO line, an SML optical
/// head, a simulated profile, or a recorded file. Every source answers the same
/// question, polled by the payment streamer once per interval: the registers now.
/// A source never moves a register on bad input; it reports the error instead.
/// </summary>
public interface IMeterSource
{
    /// <summary>The registers as of now; never lower than any earlier answer.</summary>
    RegisterSnapshot Read();
}
