using System.Device.Gpio;
using Microchannels.Meter.Sources.S0;

namespace Microchannels.Meter.Relay;

/// <summary>
/// A relay driver on a libgpiod line. The line is opened de-energised; <paramref name="activeLow"/>
/// is for relay boards whose input energises the coil when pulled low.
/// </summary>
public sealed class LibGpiodRelayOutput : IRelayOutput
{
    private readonly GpioController _controller;
    private readonly int _line;
    private readonly bool _activeLow;

    public LibGpiodRelayOutput(string chipLabel, int line, bool activeLow = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(line);
        _controller = GpioChipSelector.OpenController(chipLabel);
        _line = line;
        _activeLow = activeLow;
        _controller.OpenPin(line, PinMode.Output, Level(energised: false));
    }

    public void Energise(bool energised) => _controller.Write(_line, Level(energised));

    public void Dispose()
    {
        try
        {
            _controller.Write(_line, Level(energised: false));
        }
        finally
        {
            _controller.Dispose();
        }
    }

    private PinValue Level(bool energised) => energised != _activeLow ? PinValue.High : PinValue.Low;
}
