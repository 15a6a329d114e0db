using System.IO.Ports;

namespace Microchannels.Meter.Sources.Sml;

/// <summary>
/// Reads an optical head on a serial port (9600 baud, 8 data bits, no parity, one stop bit:
/// the eHZ/mME push interface) into an <see cref="SmlRegisterSource"/> until cancelled.
/// </summary>
public sealed class SerialSmlReader : IDisposable
{
    private readonly SerialPort _port;
    private readonly SmlRegisterSource _source;

    public SerialSmlReader(string portName, SmlRegisterSource source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(portName);
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _port = new SerialPort(portName, 9600, Parity.None, 8, StopBits.One);
    }

    public Task RunAsync(CancellationToken cancellationToken)
    {
        _port.Open();
        return SmlStreamPump.RunAsync(_port.BaseStream, _source, cancellationToken);
    }

    public void Dispose() => _port.Dispose();
}
