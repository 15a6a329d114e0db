using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine;

/// <summary>
/// Two <see cref="Commitments"/> wired together through FIFO queues, as over one
/// ordered connection: the meter (opener, funder) and the provider. A test harness
/// that reads like the protocol (LDK's functional_test_utils, STYLE.md #13).
/// </summary>
internal sealed class ChannelPair : IDisposable
{
    public const long FundingSatoshis = 1_000_000;
    private readonly Queue<LightningMessage> _toMeter = new();
    private readonly Queue<LightningMessage> _toProvider = new();
    private ulong _clock = 1_700_000_000;
    private ulong _wh;
    private IReadOnlyList<ChannelUpdate> _meterDropped = [];
    private IReadOnlyList<ChannelUpdate> _providerDropped = [];

    public ChannelPair(long meterInitialMsat = FundingSatoshis * 1000, uint feerate = 253, long reserve = 10_000)
    {
        MeterSigner = new InMemoryChannelSigner(ChannelSecrets.FromSeed(Enumerable.Repeat((byte)0x42, 32).ToArray()));
        ProviderSigner = new InMemoryChannelSigner(ChannelSecrets.FromSeed(Enumerable.Repeat((byte)0x24, 32).ToArray()));
        MeterReadingKey = PrivateKey.FromBytes(Hashes.Sha256("meter reading key"u8));

        var channelId = new ChannelId(Hashes.Sha256("channel"u8));
        var funding = new OutPoint(TxId.Parse("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be"), 0);
        var meterSide = new ChannelSideParameters(new Satoshis(546), new Satoshis(reserve), 144, MeterSigner.Basepoints);
        var providerSide = new ChannelSideParameters(new Satoshis(546), new Satoshis(reserve), 144, ProviderSigner.Basepoints);
        var meterParams = new ChannelParameters(channelId, funding, new Satoshis(FundingSatoshis), true, meterSide, providerSide, MeterReadingKey.PublicKey);
        var providerParams = meterParams with { LocalIsOpener = false, Local = providerSide, Remote = meterSide };

        var meterSpec = new CommitmentSpec(new MilliSatoshis((ulong)meterInitialMsat), new MilliSatoshis((ulong)(FundingSatoshis * 1000 - meterInitialMsat)), new FeeratePerKw(feerate), []);
        var providerSpec = meterSpec.Mirror();

        // Commitment 0 on each side, signed by the other (funding_created / funding_signed).
        var meterCommit0 = CommitmentTransaction.Build(meterParams.LocalCommitmentParameters, CommitmentKeys.Derive(meterSide.Basepoints, providerSide.Basepoints, MeterSigner.GetPerCommitmentPoint(0)), 0, meterSpec);
        var providerCommit0 = CommitmentTransaction.Build(providerParams.LocalCommitmentParameters, CommitmentKeys.Derive(providerSide.Basepoints, meterSide.Basepoints, ProviderSigner.GetPerCommitmentPoint(0)), 0, providerSpec);
        Meter = Commitments.AfterChannelReady(meterParams, meterSpec, ProviderSigner.SignCounterpartyCommitment(meterCommit0), ProviderSigner.GetPerCommitmentPoint(0), ProviderSigner.GetPerCommitmentPoint(1));
        Provider = Commitments.AfterChannelReady(providerParams, providerSpec, MeterSigner.SignCounterpartyCommitment(providerCommit0), MeterSigner.GetPerCommitmentPoint(0), MeterSigner.GetPerCommitmentPoint(1));
    }

    public Commitments Meter { get; set; }

    public Commitments Provider { get; set; }

    public InMemoryChannelSigner MeterSigner { get; }

    public InMemoryChannelSigner ProviderSigner { get; }

    public PrivateKey MeterReadingKey { get; }

    public SignedMeterReading? LatestReading { get; private set; }

    /// <summary>Messages resent after channel_reestablish, over all reconnections.</summary>
    public int Retransmitted { get; private set; }

    /// <summary>Dropped unsigned proposals proposed again, over all reconnections.</summary>
    public int Reproposed { get; private set; }

    public int MessagesInFlight => _toMeter.Count + _toProvider.Count;

    public int MessagesToProvider => _toProvider.Count;

    public int MessagesToMeter => _toMeter.Count;

    /// <summary>The meter reads its pulse input and signs the reading (time and energy move forward).</summary>
    public SignedMeterReading NextReading(ulong wattHours = 1)
    {
        _wh += wattHours;
        _clock += 5;
        var reading = new MeterReading(_wh, _wh * 10, _clock);
        LatestReading = Sign(reading);
        return LatestReading;
    }

    public SignedMeterReading Sign(MeterReading reading) =>
        new(reading, new CompactSignature(MeterReadingKey.Sign(reading.SigningHash().AsSpan()).ToCompact()));

    public void MeterPays(ulong msat)
    {
        var (state, message) = Meter.SendTransfer(new MilliSatoshis(msat), NextReading());
        Meter = state;
        _toProvider.Enqueue(message);
    }

    public void ProviderRefunds(ulong msat)
    {
        var (state, message) = Provider.SendTransfer(new MilliSatoshis(msat), LatestReading ?? NextReading());
        Provider = state;
        _toMeter.Enqueue(message);
    }

    public bool MeterSigns()
    {
        if (!Meter.CanSendCommit)
        {
            return false;
        }

        var (state, message) = Meter.SendCommit(MeterSigner);
        Meter = state;
        _toProvider.Enqueue(message);
        return true;
    }

    public bool ProviderSigns()
    {
        if (!Provider.CanSendCommit)
        {
            return false;
        }

        var (state, message) = Provider.SendCommit(ProviderSigner);
        Provider = state;
        _toMeter.Enqueue(message);
        return true;
    }

    public void EnqueueToProvider(LightningMessage message) => _toProvider.Enqueue(message);

    public LightningMessage PeekToProvider() => _toProvider.Peek();

    public LightningMessage PeekToMeter() => _toMeter.Peek();

    public LightningMessage TakeToProvider() => _toProvider.Dequeue();

    public LightningMessage TakeToMeter() => _toMeter.Dequeue();

    /// <summary>Deliver one message to the provider; its replies are queued for the meter.</summary>
    public void DeliverToProvider() => Provider = Deliver(Provider, ProviderSigner, _toProvider.Dequeue(), _toMeter);

    public void DeliverToMeter() => Meter = Deliver(Meter, MeterSigner, _toMeter.Dequeue(), _toProvider);

    /// <summary>Deliver everything and sign back until both sides are quiet.</summary>
    public void Settle()
    {
        while (true)
        {
            if (_toProvider.Count > 0)
            {
                DeliverToProvider();
            }
            else if (_toMeter.Count > 0)
            {
                DeliverToMeter();
            }
            else if (!MeterSigns() && !ProviderSigns())
            {
                return;
            }
        }
    }

    /// <summary>
    /// The connection drops: whatever is in flight is lost, and both sides reverse
    /// their unsigned proposals. Our own dropped transfers are proposed again after
    /// reconnecting, so no payment is lost.
    /// </summary>
    public void Disconnect()
    {
        _toMeter.Clear();
        _toProvider.Clear();
        (Meter, _meterDropped) = Meter.OnDisconnect();
        (Provider, _providerDropped) = Provider.OnDisconnect();
    }

    /// <summary>
    /// One side's process restarts: the connection drops, and that side's state comes
    /// back from its stored encoding (<see cref="CommitmentsCodec"/>), as a node reloads
    /// it from the channel store. Its application then re-sends the transfers that were
    /// never signed, which <see cref="Reconnect"/> does with the dropped proposals.
    /// </summary>
    public void Restart(bool meter)
    {
        Disconnect();
        if (meter)
        {
            Meter = CommitmentsCodec.Decode(CommitmentsCodec.Encode(Meter));
        }
        else
        {
            Provider = CommitmentsCodec.Decode(CommitmentsCodec.Encode(Provider));
        }

        Reconnect();
    }

    /// <summary>Both sides send channel_reestablish, retransmit what was lost, and re-propose dropped transfers.</summary>
    public void Reconnect()
    {
        var fromMeter = Meter.CreateReestablish(MeterSigner);
        var fromProvider = Provider.CreateReestablish(ProviderSigner);
        var meterResult = Meter.ReceiveReestablish(fromProvider, MeterSigner);
        var providerResult = Provider.ReceiveReestablish(fromMeter, ProviderSigner);
        Meter = meterResult.State;
        Provider = providerResult.State;
        Retransmitted += meterResult.Retransmit.Count + providerResult.Retransmit.Count;
        Reproposed += _meterDropped.Count + _providerDropped.Count;
        foreach (var message in meterResult.Retransmit)
        {
            _toProvider.Enqueue(message);
        }

        foreach (var message in providerResult.Retransmit)
        {
            _toMeter.Enqueue(message);
        }

        Meter = Repropose(Meter, _meterDropped, _toProvider);
        Provider = Repropose(Provider, _providerDropped, _toMeter);
        _meterDropped = [];
        _providerDropped = [];
    }

    public void Dispose()
    {
        MeterSigner.Dispose();
        ProviderSigner.Dispose();
        MeterReadingKey.Dispose();
    }

    private static Commitments Repropose(Commitments state, IReadOnlyList<ChannelUpdate> dropped, Queue<LightningMessage> outbox)
    {
        foreach (var update in dropped)
        {
            LightningMessage message;
            (state, message) = update switch
            {
                TransferUpdate t => ((Commitments, LightningMessage))state.SendTransfer(t.Amount, t.Reading),
                FeeUpdate f => state.SendFee(f.Feerate),
                _ => throw new InvalidOperationException(),
            };
            outbox.Enqueue(message);
        }

        return state;
    }

    private static Commitments Deliver(Commitments state, IChannelSigner signer, LightningMessage message, Queue<LightningMessage> replies)
    {
        switch (message)
        {
            case UpdateTransfer transfer:
                return state.ReceiveTransfer(transfer);
            case UpdateFee fee:
                return state.ReceiveFee(fee);
            case CommitmentSigned commit:
                // As the shell: stored, then marked revoked in the signer, then revealed.
                var (afterCommit, revocation) = state.ReceiveCommit(commit, signer);
                signer.MarkHolderCommitmentRevoked(state.LocalCommit.Index);
                replies.Enqueue(revocation);
                return afterCommit;
            case RevokeAndAck revoke:
                return state.ReceiveRevocation(revoke);
            case ChannelReady when state.LocalCommit.Index == 0:
                // Retransmitted after reestablish while no commitment was signed yet (BOLT 2).
                return state;
            default:
                throw new InvalidOperationException($"Unexpected {message.GetType().Name}.");
        }
    }
}
