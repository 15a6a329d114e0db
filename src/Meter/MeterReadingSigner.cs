using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels;
using Microchannels.Channels.Wire;

namespace Microchannels.Meter;

/// <summary>
/// Signs the meter's readings (DESIGN.md decision 6) under the domain-tagged preimage
/// of <see cref="MeterReading.SigningHash"/> (docs/PROTOCOL.md). <see cref="SignV2"/>
/// binds each reading to its chain, channel, provider, transfer and amount, and chains
/// it to the previous reading this signer signed, on whichever channel: the meter's
/// readings form one hash chain for its whole life. Each reading must move forward,
/// as the channel engine requires of every payment the meter makes: the signer refuses
/// to sign one that does not, so a clock set back or a register restored from an old
/// copy cannot bill energy twice.
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

    /// <summary>
    /// Signs a version-2 reading of the register at <paramref name="unixSeconds"/>, paying
    /// <paramref name="amount"/> as transfer <paramref name="transferId"/> of
    /// <paramref name="channelId"/> to <paramref name="providerNodeId"/> on <paramref name="chainHash"/>.
    /// Its predecessor is <paramref name="previousReadingHash"/> when given (the last reading the
    /// channel accepted, which is what the provider checks), else the last reading this signer
    /// signed (<see cref="ReadingBinding.Genesis"/> for the first).
    /// </summary>
    /// <exception cref="InvalidOperationException">The reading does not move forward from the last one signed.</exception>
    public SignedMeterReading SignV2(
        EnergyRegister register,
        ulong exportWh,
        ulong unixSeconds,
        ChainHash chainHash,
        ChannelId channelId,
        Point providerNodeId,
        ulong transferId,
        MilliSatoshis amount,
        Sha256Hash? previousReadingHash = null)
    {
        ArgumentNullException.ThrowIfNull(register);
        lock (_gate)
        {
            var previous = previousReadingHash ?? _last?.SigningHash() ?? ReadingBinding.Genesis;
            var binding = new ReadingBinding(chainHash, channelId, providerNodeId, transferId, amount, exportWh, previous);
            var reading = MeterReading.V2(register.CumulativeWattHours, register.PulseCount, unixSeconds, binding);
            if (_last is { } last && (reading.Timestamp <= last.Timestamp || reading.PulseCount < last.PulseCount || reading.CumulativeWh < last.CumulativeWh
                || (last.Binding is { } lastBinding && exportWh < lastBinding.ExportWh)))
            {
                throw new InvalidOperationException($"Reading {reading} does not move forward from the last signed {last}.");
            }

            var signature = _key.Sign(reading.SigningHash().AsSpan());
            _last = reading;
            return new SignedMeterReading(reading, new CompactSignature(signature.ToCompact()));
        }
    }

    /// <summary>The last reading signed: the meter stores it, so the chain survives a restart.</summary>
    public MeterReading? LastSigned
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    public void Dispose() => _key.Dispose();
}
