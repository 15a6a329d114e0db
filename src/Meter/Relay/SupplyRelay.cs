using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microchannels.Meter.Relay;

/// <summary>
/// Drives the supply contactor from <see cref="SupplyPolicy"/> decisions and logs every
/// switch with its reason. It starts de-energised (off, <see cref="SupplyReason.NotStarted"/>)
/// and de-energises when disposed.
/// </summary>
public sealed partial class SupplyRelay : IDisposable
{
    private readonly IRelayOutput _output;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();

    public SupplyRelay(IRelayOutput output, ILogger? logger = null)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _logger = logger ?? NullLogger.Instance;
        _output.Energise(false);
        State = SupplyDecision.Off(SupplyReason.NotStarted);
    }

    public SupplyDecision State { get; private set; }

    /// <summary>Raised after each switch, with the new state.</summary>
    public event Action<SupplyDecision>? Switched;

    /// <summary>Applies a decision; returns whether the supply switched.</summary>
    public bool Apply(SupplyDecision decision)
    {
        lock (_gate)
        {
            var previous = State;
            if (previous == decision)
            {
                return false;
            }

            State = decision;
            if (previous.On == decision.On)
            {
                // Still off, for another reason: no switch, but the reason is worth a line.
                Log.ReasonChanged(_logger, decision.On ? "on" : "off", previous.Reason, decision.Reason);
                return false;
            }

            _output.Energise(decision.On);
            Log.Switched(_logger, decision.On ? "on" : "off", decision.Reason);
        }

        Switched?.Invoke(decision);
        return true;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (State.On)
            {
                Log.Switched(_logger, "off", SupplyReason.DaemonStopping);
            }

            State = SupplyDecision.Off(SupplyReason.DaemonStopping);
            _output.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Supply switched {State}: {Reason}")]
        public static partial void Switched(ILogger logger, string state, SupplyReason reason);

        [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Supply stays {State}; reason {Previous} is now {Reason}")]
        public static partial void ReasonChanged(ILogger logger, string state, SupplyReason previous, SupplyReason reason);
    }
}
