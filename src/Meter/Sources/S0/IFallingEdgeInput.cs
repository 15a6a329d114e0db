namespace Microchannels.Meter.Sources.S0;

/// <summary>
/// The GPIO layer under the S0 counter, kept this small so tests replace it: a line that
/// reports each falling edge with its monotonic timestamp (<see cref="TimeProvider.GetTimestamp"/>
/// of the clock the counter was built with).
/// </summary>
public interface IFallingEdgeInput : IDisposable
{
    /// <summary>Starts delivering edges to <paramref name="onFallingEdge"/>; called once.</summary>
    void Start(Action<long> onFallingEdge);
}
