using System.Device.Gpio;
using System.Device.Gpio.Drivers;

namespace Microchannels.Meter.Sources.S0;

/// <summary>Finds a libgpiod chip by its label (<c>gpiodetect</c> shows them).</summary>
public static class GpioChipSelector
{
    /// <exception cref="GpioChipNotFoundException">No chip has that label.</exception>
    public static GpioChipInfo ByLabel(IEnumerable<GpioChipInfo> chips, string label)
    {
        ArgumentNullException.ThrowIfNull(chips);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        var all = chips.ToList();
        return all.FirstOrDefault(c => string.Equals(c.Label, label, StringComparison.Ordinal))
            ?? throw new GpioChipNotFoundException(label, all.Select(c => $"{c.Name} ({c.Label})").ToList());
    }

    /// <summary>Opens a controller on the chip labelled <paramref name="label"/> through the libgpiod driver.</summary>
    public static GpioController OpenController(string label)
    {
        var chip = ByLabel(LibGpiodDriver.GetAvailableChips(), label);
        return new GpioController(new LibGpiodDriver(chip));
    }
}
