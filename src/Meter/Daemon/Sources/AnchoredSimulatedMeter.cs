using Microchannels.Meter.Sources;
using Microchannels.Meter.Sources.Simulation;

namespace Microchannels.Meter.Daemon.Sources;

/// <summary>
/// The simulated source as the daemon runs it: a meter on a simulated load whose register
/// keeps counting while the daemon is down, as a real meter's does. The load's energy is
/// integrated from a fixed epoch (stored once in the data directory) along the wall clock,
/// so the register at any instant is the same whichever process reads it, and a restarted
/// daemon finds the pulses that came while it was away: none is lost, none counted twice.
/// </summary>
public sealed class AnchoredSimulatedMeter : IMeterSource
{
    public const string EpochFile = "simulation.epoch";
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);
    private readonly PowerProfile _profile;
    private readonly TimeProvider _clock;
    private readonly DateTimeOffset _epoch;
    private readonly uint _impulsesPerKwh;
    private readonly double _joulesPerPulse;
    private readonly Lock _gate = new();
    private TimeSpan _integratedTo;
    private double _joules;

    public AnchoredSimulatedMeter(PowerProfile profile, uint impulsesPerKwh, DateTimeOffset epoch, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfZero(impulsesPerKwh);
        _profile = profile ?? throw new ArgumentNullException(nameof(profile));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _epoch = epoch;
        _impulsesPerKwh = impulsesPerKwh;
        _joulesPerPulse = 3.6e6 / impulsesPerKwh;
    }

    /// <summary>The epoch stored in <paramref name="dataDirectory"/>, written now if there is none.</summary>
    public static DateTimeOffset EpochIn(string dataDirectory, TimeProvider clock)
    {
        string path = Path.Combine(dataDirectory, EpochFile);
        if (File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long ms))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        var now = clock.GetUtcNow();
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.Move(temporary, path, overwrite: true);
        return DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
    }

    /// <summary>The register at <paramref name="at"/>: whole pulses of the energy since the epoch.</summary>
    public ulong PulsesAt(DateTimeOffset at)
    {
        lock (_gate)
        {
            Integrate(at - _epoch);
            return (ulong)Math.Floor(_joules / _joulesPerPulse);
        }
    }

    public RegisterSnapshot Read()
    {
        var now = _clock.GetUtcNow();
        ulong pulses = PulsesAt(now);
        return new RegisterSnapshot(pulses, 0, _impulsesPerKwh, _profile.WattsAt(now - _epoch), 0);
    }

    private void Integrate(TimeSpan until)
    {
        // Forward only: a clock set back holds the register where it is.
        while (_integratedTo < until)
        {
            var end = _integratedTo + Step < until ? _integratedTo + Step : until;
            _joules += _profile.WattsAt(_integratedTo) * (end - _integratedTo).TotalSeconds;
            _integratedTo = end;
        }
    }
}
