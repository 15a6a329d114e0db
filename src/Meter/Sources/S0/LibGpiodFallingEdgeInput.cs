using System.Device.Gpio;

namespace Microchannels.Meter.Sources.S0;

/// <summary>
/// An S0 input on a libgpiod line: S0+ wired to the line with the pull-up on, S0- to GND, so
/// the optocoupler pulls the line low for each pulse and a pulse is a FALLING edge.
/// Timestamps are taken from <paramref name="clock"/> in the driver's callback.
/// </summary>
public sealed class LibGpiodFallingEdgeInput : IFallingEdgeInput
{
    private readonly GpioController _controller;
    private readonly int _line;
    private readonly TimeProvider _clock;
    private PinChangeEventHandler? _handler;

    /// <param name="chipLabel">The chip's label, e.g. <c>pinctrl-rp1</c> (Pi 5) or <c>pinctrl-bcm2711</c> (Pi 4).</param>
    /// <param name="line">The line offset on that chip (on a Pi, the BCM GPIO number).</param>
    public LibGpiodFallingEdgeInput(string chipLabel, int line, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(line);
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _controller = GpioChipSelector.OpenController(chipLabel);
        _line = line;
    }

    public void Start(Action<long> onFallingEdge)
    {
        ArgumentNullException.ThrowIfNull(onFallingEdge);
        if (_handler is not null)
        {
            throw new InvalidOperationException("The S0 input is already started.");
        }

        _controller.OpenPin(_line, PinMode.InputPullUp);
        _handler = (_, _) => onFallingEdge(_clock.GetTimestamp());
        _controller.RegisterCallbackForPinValueChangedEvent(_line, PinEventTypes.Falling, _handler);
    }

    public void Dispose()
    {
        if (_handler is not null)
        {
            _controller.UnregisterCallbackForPinValueChangedEvent(_line, _handler);
        }

        _controller.Dispose();
    }
}
