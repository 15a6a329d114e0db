using Microchannels.Meter.Relay;

namespace Microchannels.Meter.Daemon.Sources;

/// <summary>A relay with no contactor behind it (a bench or a test): it only remembers whether it is energised; the supply relay logs every switch.</summary>
public sealed class SimulatedRelayOutput : IRelayOutput
{
    private int _energised;

    public bool Energised => Volatile.Read(ref _energised) == 1;

    public void Energise(bool energised) => Volatile.Write(ref _energised, energised ? 1 : 0);

    public void Dispose() => Energise(false);
}
