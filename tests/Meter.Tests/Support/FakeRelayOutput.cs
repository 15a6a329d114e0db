using Microchannels.Meter.Relay;

namespace Microchannels.Meter.Tests.Support;

/// <summary>The relay coil's test double: remembers every level it was driven to.</summary>
public sealed class FakeRelayOutput : IRelayOutput
{
    public List<bool> Levels { get; } = [];

    public bool Energised => Levels.Count > 0 && Levels[^1];

    public bool Disposed { get; private set; }

    public void Energise(bool energised) => Levels.Add(energised);

    public void Dispose()
    {
        Levels.Add(false);
        Disposed = true;
    }
}
