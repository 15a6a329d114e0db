using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Wire;

namespace Microchannels.Meter;

/// <summary>
/// Signs the meter's readings (DESIGN.md decision 6): cumulative Wh, pulse count and
/// timestamp, under the domain-tagged preimage of <see cref="MeterReading.SigningHash"/>
/// (docs/PROTOCOL.md). Each reading must move forward, as the channel engine requires
/// of every payment the meter makes: the signer refuses to sign one that does not, so
/// a clock set back or a register restored from an old copy cannot bill energy twice.
/// </summary>
public sealed class MeterReadingSigner : IDisposable
{
    private readonly PrivateKey _key;
    private readonly Lock _gate = new();
    private MeterReading? _last;

    /// <param name="key">The meter's reading key; the signer owns and disposes it.</param>
    /// <param name="lastSigned">The last reading signed before a restart, from the meter's storage.</param>
    public MeterReadingSigner(PrivateKey key, MeterReading? lastSigned = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        _last = lastSigned;
    }

    /// <summary>The key the provider checks readings against (sent in open_channel, docs/PROTOCOL.md).</summary>
    public PublicKey PublicKey => _key.PublicKey;

    /// <summary>Signs the register's state at <paramref name="unixSeconds"/>.</summary>
    /// <exception cref="InvalidOperationException">The reading does not move forward from the last one signed.</exception>
    public SignedMeterReading Sign(EnergyRegister register, ulong unixSeconds)
    {
        ArgumentNullException.ThrowIfNull(register);
        var reading = new MeterReading(register.CumulativeWattHours, register.PulseCount, unixSeconds);
        lock (_gate)
        {
            if (_last is { } last && (reading.Timestamp <= last.Timestamp || reading.PulseCount < last.PulseCount || reading.CumulativeWh < last.CumulativeWh))
            {
                throw new InvalidOperationException($"Reading {reading} does not move forward from the last signed {last}.");
            }

            var signature = _key.Sign(reading.SigningHash().AsSpan());
            _last = reading;
            return new SignedMeterReading(reading, new CompactSignature(signature.ToCompact()));
        }
    }

    public void Dispose() => _key.Dispose();
}
