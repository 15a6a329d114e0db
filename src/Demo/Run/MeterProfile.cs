namespace Microchannels.Demo.Run;

/// <summary>A simulated load for one meter daemon (meterd's Source:Profile and Source:Watts).</summary>
internal sealed record MeterProfile(string Label, string Profile, double Watts)
{
    /// <summary>
    /// Three loads, taken in turn: an EV fast charger at a constant 150 kW, a workshop whose power
    /// wanders around 20 kW (a new step each minute), and a household on meterd's daily curve
    /// (it starts at night, about 200 W).
    /// </summary>
    public static MeterProfile For(int index) => (index % 3) switch
    {
        0 => new MeterProfile("EV fast charger", "constant", 150_000),
        1 => new MeterProfile("workshop", "randomwalk", 20_000),
        _ => new MeterProfile("household", "daily", 1_000),
    };
}
