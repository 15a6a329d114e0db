using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.StateMachine;

/// <summary>
/// Meter and provider run through <see cref="ChannelStateMachine"/> only, joined by
/// two in-order wires, with an application on each side that asks for transfers and,
/// after a restart, re-asks for those its stored state does not cover.
/// </summary>
internal sealed class MachinePair : IDisposable
{
    private readonly ChannelPair _keys;
    private readonly Queue<LightningMessage> _toMeter = new();
    private readonly Queue<LightningMessage> _toProvider = new();
    private readonly List<(bool FromMeter, MilliSatoshis Amount, SignedMeterReading Reading)> _requested = [];

    public MachinePair(long meterInitialMsat = 800_000_000)
    {
        _keys = new ChannelPair(meterInitialMsat);
        InitialMeterMsat = (ulong)meterInitialMsat;
        Meter = new MachineSide("meter", Enumerable.Repeat((byte)0x42, 32).ToArray(), new ChannelState.Normal(_keys.Meter, ConnectionPhase.Disconnected, []));
        Provider = new MachineSide("provider", Enumerable.Repeat((byte)0x24, 32).ToArray(), new ChannelState.Normal(_keys.Provider, ConnectionPhase.Disconnected, []));
    }

    public MachineSide Meter { get; }

    public MachineSide Provider { get; }

    public ulong InitialMeterMsat { get; }

    public ulong ExpectedMeterMsat =>
        InitialMeterMsat - _requested.Where(r => r.FromMeter).Aggregate(0UL, (s, r) => s + r.Amount.Value)
                         + _requested.Where(r => !r.FromMeter).Aggregate(0UL, (s, r) => s + r.Amount.Value);

    public void Connect()
    {
        Meter.Input(new ChannelInput.Connected());
        Provider.Input(new ChannelInput.Connected());
    }

    public void Disconnect()
    {
        _toMeter.Clear();
        _toProvider.Clear();
        Meter.Input(new ChannelInput.Disconnected());
        Provider.Input(new ChannelInput.Disconnected());
    }

    public void MeterPays(ulong msat) => Request(Meter, fromMeter: true, msat);

    public void ProviderRefunds(ulong msat) => Request(Provider, fromMeter: false, msat);

    /// <summary>Runs actions and delivers messages until both sides are quiet or one crashed.</summary>
    public void Pump()
    {
        while (Step())
        {
        }
    }

    /// <summary>Runs pending actions and delivers one message; false once both sides are quiet or one crashed.</summary>
    public bool Step()
    {
        Meter.RunActions(_toProvider);
        Provider.RunActions(_toMeter);
        if (Meter.Crashed || Provider.Crashed)
        {
            return false;
        }

        if (_toProvider.Count > 0)
        {
            Provider.Input(new ChannelInput.PeerMessage(_toProvider.Dequeue()));
        }
        else if (_toMeter.Count > 0)
        {
            Meter.Input(new ChannelInput.PeerMessage(_toMeter.Dequeue()));
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>
    /// The crashed side restarts from its store; the connection drops and comes back;
    /// its application re-asks for every transfer its stored state does not cover.
    /// </summary>
    public void RecoverFromCrash(MachineSide crashed)
    {
        Disconnect();
        crashed.Restart();
        Connect();
        bool isMeter = crashed == Meter;
        // The stored state covers every transfer up to its last signed reading.
        var covered = crashed.Commitments.LastLocalReading;
        foreach (var request in _requested.Where(r => r.FromMeter == isMeter && (covered is null || r.Reading.Reading.Timestamp > covered.Value.Timestamp)).ToList())
        {
            crashed.Input(new ChannelInput.SendTransfer(request.Amount, request.Reading));
        }
    }

    /// <summary>A reading signed with the meter's reading key (the one the channel checks against).</summary>
    public SignedMeterReading Sign(MeterReading reading) => _keys.Sign(reading);

    public void Dispose() => _keys.Dispose();

    private void Request(MachineSide side, bool fromMeter, ulong msat)
    {
        // Every transfer carries its own fresh reading, so the application can tell after a
        // restart which ones its stored state already covers.
        var reading = _keys.NextReading();
        _requested.Add((fromMeter, new MilliSatoshis(msat), reading));
        side.Input(new ChannelInput.SendTransfer(new MilliSatoshis(msat), reading));
    }
}
