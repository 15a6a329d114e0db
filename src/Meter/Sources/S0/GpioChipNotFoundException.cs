namespace Microchannels.Meter.Sources.S0;

/// <summary>
/// No GPIO chip carries the configured label (a Pi 5's header is <c>pinctrl-rp1</c>, a Pi 4's
/// <c>pinctrl-bcm2711</c>). Chips are chosen by label because their numbers change between
/// boards and kernels.
/// </summary>
public sealed class GpioChipNotFoundException : Exception
{
    public GpioChipNotFoundException(string label, IReadOnlyList<string> available)
        : base($"No GPIO chip is labelled '{label}'; found: {(available is { Count: > 0 } ? string.Join(", ", available) : "none")}.")
    {
        Label = label;
        Available = available ?? [];
    }

    public string Label { get; }

    public IReadOnlyList<string> Available { get; }
}
