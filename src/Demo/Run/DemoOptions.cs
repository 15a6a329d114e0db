namespace Microchannels.Demo.Run;

/// <summary>The demo's options (./scripts/demo.sh --help).</summary>
/// <param name="Meters">How many meter daemons to start, each with its own channel.</param>
/// <param name="Seconds">How long to stream payments before closing.</param>
/// <param name="Interval">Seconds between payments, and between refreshes of the view and the dashboard.</param>
/// <param name="Chain">auto, bitcoind, docker or embedded.</param>
/// <param name="Keep">Leave the daemons running, channels open, for mcli and the dashboard, until Ctrl-C.</param>
/// <param name="Directory">Where the data and logs go; a new temporary folder when null.</param>
/// <param name="Plain">Plain lines instead of the live view (the default when the output is not a terminal).</param>
internal sealed record DemoOptions(int Meters, int Seconds, int Interval, string Chain, bool Keep, string? Directory, bool Plain);
