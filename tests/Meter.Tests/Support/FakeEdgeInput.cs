using Microchannels.Meter.Sources.S0;

namespace Microchannels.Meter.Tests.Support;

/// <summary>The GPIO layer's test double: the test raises falling edges at chosen timestamps.</summary>
public sealed class FakeEdgeInput : IFallingEdgeInput
{
    private Action<long>? _sink;

    public bool Disposed { get; private set; }

    public void Start(Action<long> onFallingEdge) => _sink = onFallingEdge;

    public void Edge(long timestampMicros) => (_sink ?? throw new InvalidOperationException("not started"))(timestampMicros);

    public void Edges(IEnumerable<long> timestampsMicros)
    {
        foreach (long t in timestampsMicros)
        {
            Edge(t);
        }
    }

    public void Dispose() => Disposed = true;
}
