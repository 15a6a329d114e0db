namespace Microchannels.Meter.Relay;

/// <summary>
/// The contactor's coil. Fail-safe: de-energised means the supply is off, so a dead daemon,
/// a crashed host or a pulled cable all cut the supply. Disposing de-energises.
/// </summary>
public interface IRelayOutput : IDisposable
{
    void Energise(bool energised);
}
