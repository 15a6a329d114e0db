namespace Microchannels.Demo.Run;

/// <summary>A simulated load for one meter daemon (meterd's Source:Profile and Source:Watts).</summary>
internal sealed record MeterProfile(string Label, string Profile, double Watts)
{
    /// <summary>For the start-up line: "constant load at 150 kW", "household day curve from midnight".</summary>
    public string Description => Profile switch
    {
        "daily" => "meterd's household day curve, from midnight (about 0.2 kW)",
        "randomwalk" => FormattableString.Invariant($"random-walk load from {Watts / 1000:0.#} kW, a new step each minute"),
        _ => FormattableString.Invariant($"{Profile} load at {Watts / 1000:0.#} kW"),
    };

    /// <summary>
    /// Three loads, taken in turn: an EV fast charger at a constant 150 kW, a workshop whose power
    /// wanders around 20 kW (a new step each minute), and a household on meterd's daily curve
    /// (it starts at midnight, about 200 W; Source:Watts does not apply to it).
    /// </summary>
    public static MeterProfile For(int index) => (index % 3) switch
    {
        0 => new MeterProfile("EV fast charger", "constant", 150_000),
        1 => new MeterProfile("workshop", "randomwalk", 20_000),
        _ => new MeterProfile("household", "daily", 0),
    };
}
