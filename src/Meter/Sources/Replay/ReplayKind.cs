namespace Microchannels.Meter.Sources.Replay;

public enum ReplayKind
{
    /// <summary>Falling edges of an S0 line, replayed through the pulse counter (debounce and all).</summary>
    Edges,

    /// <summary>Register values (import and export units), as an SML meter reports them.</summary>
    Registers,
}
