namespace Microchannels.Meter.Sources.Sml;

/// <summary>
/// An SML meter (German eHZ and mME meters' optical interface) as a register source: the
/// bytes read from the optical head are pushed in, every whole frame is checked and read,
/// and the registers move only on a frame that passes every check. A refused frame is
/// counted as an alarm and its error kept; the registers stay where they were.
/// </summary>
public sealed class SmlRegisterSource : IMeterSource
{
    private readonly Lock _gate = new();
    private readonly SmlFrameSplitter _splitter = new();
    private ulong _import;
    private ulong _export;
    private decimal? _power;
    private ulong _alarms;
    private ulong _accepted;

    /// <param name="importTenthsWh">The import register stored before a restart.</param>
    /// <param name="exportTenthsWh">The export register stored before a restart.</param>
    public SmlRegisterSource(ulong importTenthsWh = 0, ulong exportTenthsWh = 0)
    {
        _import = importTenthsWh;
        _export = exportTenthsWh;
    }

    /// <summary>Raised for every refused frame, after the registers were left as they were.</summary>
    public event Action<SmlException>? FrameRefused;

    public ulong AcceptedFrames
    {
        get
        {
            lock (_gate)
            {
                return _accepted;
            }
        }
    }

    public SmlException? LastError { get; private set; }

    /// <summary>Bytes from the optical head, in any pieces.</summary>
    public void Push(ReadOnlySpan<byte> bytes)
    {
        foreach (var frame in _splitter.Push(bytes))
        {
            Accept(frame);
        }
    }

    /// <summary>The end of a recording: an unfinished frame is refused as truncated.</summary>
    public void Complete()
    {
        if (_splitter.Flush() is { } rest)
        {
            Accept(rest);
        }
    }

    public RegisterSnapshot Read()
    {
        lock (_gate)
        {
            return new RegisterSnapshot(_import, _export, SmlReadout.UnitsPerKilowattHour, _power is { } p ? (double)p : null, _alarms);
        }
    }

    /// <summary>Checks one candidate frame and applies it, or refuses it whole.</summary>
    public void Accept(ReadOnlySpan<byte> frame)
    {
        try
        {
            var readout = SmlReadout.FromFrame(frame);
            lock (_gate)
            {
                if (readout.ImportTenthsWh < _import)
                {
                    throw new SmlRegisterWentBackwardsException(ObisCode.ImportEnergy, _import, readout.ImportTenthsWh);
                }

                if (readout.ExportTenthsWh is { } export && export < _export)
                {
                    throw new SmlRegisterWentBackwardsException(ObisCode.ExportEnergy, _export, export);
                }

                _import = readout.ImportTenthsWh;
                _export = readout.ExportTenthsWh ?? _export;
                _power = readout.PowerWatts;
                _accepted++;
            }
        }
        catch (SmlException e)
        {
            lock (_gate)
            {
                _alarms++;
                LastError = e;
            }

            FrameRefused?.Invoke(e);
        }
    }
}
