namespace Microchannels.Meter.Sources.Replay;

/// <summary>A register value lower than the line before it: cumulative registers never go back.</summary>
public sealed class ReplayRegisterWentBackException(int line, string register, ulong previous, ulong value)
    : ReplayException(line, $"{register} went back from {previous} to {value}");
