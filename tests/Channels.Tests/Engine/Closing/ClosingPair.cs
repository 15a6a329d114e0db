using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Closing;

/// <summary>
/// The meter and the provider of a <see cref="ChannelPair"/> driven through shutdown and
/// closing negotiation, with the shell's rules after every step: sign what is pending,
/// send a deferred shutdown, and (funder) start negotiating once quiet. Every message goes
/// through <see cref="MessageCodec"/> and must decode to itself. Messages still in flight
/// in the <see cref="ChannelPair"/> are taken over in order.
/// </summary>
internal sealed class ClosingPair
{
    public static readonly ByteVector MeterScript = new(StandardScripts.PayToWitnessPubKeyHash(Enumerable.Repeat((byte)0xaa, 20).ToArray()).AsSpan());
    public static readonly ByteVector ProviderScript = new(StandardScripts.PayToWitnessScriptHash(Script.FromHex("51")).AsSpan());

    private readonly Queue<LightningMessage> _toMeter = new();
    private readonly Queue<LightningMessage> _toProvider = new();

    public ClosingPair(ChannelPair pair, ClosingFeerates? meterFeerates = null, ClosingFeerates? providerFeerates = null, ByteVector? meterScript = null, ByteVector? providerScript = null, ShutdownTerms? meterTerms = null, ShutdownTerms? providerTerms = null)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var standard = ClosingFeerates.Around(new FeeratePerKw(1_000));
        Meter = new ClosingSide("meter", pair.Meter, pair.MeterSigner, meterScript ?? MeterScript, meterFeerates ?? standard, meterTerms ?? ShutdownTerms.Default);
        Provider = new ClosingSide("provider", pair.Provider, pair.ProviderSigner, providerScript ?? ProviderScript, providerFeerates ?? standard, providerTerms ?? ShutdownTerms.Default);
        while (pair.MessagesToProvider > 0)
        {
            _toProvider.Enqueue(pair.TakeToProvider());
        }

        while (pair.MessagesToMeter > 0)
        {
            _toMeter.Enqueue(pair.TakeToMeter());
        }
    }

    public ClosingSide Meter { get; }

    public ClosingSide Provider { get; }

    /// <summary>Every closing_signed sent, in order, as decoded.</summary>
    public List<ClosingSigned> ClosingSignedSent { get; } = [];

    /// <summary>Every message sent, in order, with its sender.</summary>
    public List<(ClosingSide From, LightningMessage Message)> Log { get; } = [];

    /// <summary>Applied to each closing_signed before it is sent (to play a different peer).</summary>
    public Func<ClosingSigned, ClosingSigned>? RewriteClosingSigned { get; set; }

    public int MessagesToMeter => _toMeter.Count;

    public int MessagesToProvider => _toProvider.Count;

    public static T RoundTrip<T>(T message)
        where T : LightningMessage
    {
        var decoded = MessageCodec.Decode(MessageCodec.Encode(message)).Message;
        Assert.Equal<LightningMessage>(message, decoded);
        return (T)decoded;
    }

    public void Initiate(ClosingSide side)
    {
        var (state, message) = ShuttingDown.Initiate(side.Normal!, side.Script, side.Terms);
        side.Enter(state);
        Send(side, message);
    }

    public LightningMessage PeekTo(ClosingSide side) => QueueTo(side).Peek();

    public LightningMessage TakeTo(ClosingSide side) => QueueTo(side).Dequeue();

    public void DeliverTo(ClosingSide side) => Deliver(side, QueueTo(side).Dequeue());

    /// <summary>
    /// Deliver and advance until both sides are quiet, or until the next message to deliver
    /// matches <paramref name="stopBefore"/>; at most <paramref name="maxSteps"/> steps.
    /// </summary>
    public void Run(Func<LightningMessage, bool>? stopBefore = null, int maxSteps = 200)
    {
        for (int step = 0; step < maxSteps; step++)
        {
            var next = _toProvider.Count > 0 ? _toProvider.Peek() : _toMeter.Count > 0 ? _toMeter.Peek() : null;
            if (next is not null && stopBefore?.Invoke(next) == true)
            {
                return;
            }

            if (_toProvider.Count > 0)
            {
                DeliverTo(Provider);
            }
            else if (_toMeter.Count > 0)
            {
                DeliverTo(Meter);
            }
            else if (!Advance(Meter) && !Advance(Provider))
            {
                return;
            }
        }

        throw new InvalidOperationException($"Not quiet after {maxSteps} steps.");
    }

    /// <summary>What the shell does after each step. True when it sent something.</summary>
    public bool Advance(ClosingSide side)
    {
        if (side.Normal is { CanSendCommit: true } normal)
        {
            var (state, message) = normal.SendCommit(side.Signer);
            side.Normal = state;
            Send(side, message);
            return true;
        }

        if (side.ShuttingDown is not { } shuttingDown)
        {
            return false;
        }

        if (shuttingDown.Commitments.CanSendCommit)
        {
            var (state, message) = shuttingDown.SendCommit(side.Signer);
            side.ShuttingDown = state;
            Send(side, message);
            return true;
        }

        if (shuttingDown.CanSendShutdown)
        {
            var (state, message) = shuttingDown.SendShutdown();
            side.ShuttingDown = state;
            Send(side, message);
            return true;
        }

        if (shuttingDown.ReadyToNegotiate && shuttingDown.Commitments.Parameters.LocalIsOpener)
        {
            var (state, message) = shuttingDown.StartNegotiating(side.Signer, side.Feerates);
            side.Enter(state);
            Send(side, message!);
            return true;
        }

        return false;
    }

    public void Deliver(ClosingSide side, LightningMessage message)
    {
        if (side.Normal is { } normal)
        {
            DeliverInNormal(side, normal, message);
        }
        else if (side.ShuttingDown is { } shuttingDown)
        {
            DeliverWhileShuttingDown(side, shuttingDown, message);
        }
        else if (message is ClosingSigned closingSigned)
        {
            Apply(side, side.Negotiating!.ReceiveClosingSigned(closingSigned, side.Signer));
        }
        else
        {
            throw new InvalidOperationException($"{side} cannot take {message.GetType().Name} while negotiating.");
        }
    }

    private void DeliverInNormal(ClosingSide side, Commitments normal, LightningMessage message)
    {
        switch (message)
        {
            case UpdateTransfer transfer:
                side.Normal = normal.ReceiveTransfer(transfer);
                break;
            case UpdateFee fee:
                side.Normal = normal.ReceiveFee(fee);
                break;
            case CommitmentSigned commit:
                var (afterCommit, revocation) = normal.ReceiveCommit(commit, side.Signer);
                side.Normal = afterCommit;
                Send(side, revocation);
                break;
            case RevokeAndAck revoke:
                side.Normal = normal.ReceiveRevocation(revoke);
                break;
            case Shutdown shutdown:
                var (state, reply) = ShuttingDown.Receive(normal, shutdown, side.Script, side.Terms);
                side.Enter(state);
                SendIf(side, reply);
                break;
            default:
                throw new InvalidOperationException($"Unexpected {message.GetType().Name} in normal operation.");
        }
    }

    private void DeliverWhileShuttingDown(ClosingSide side, ShuttingDown shuttingDown, LightningMessage message)
    {
        switch (message)
        {
            case UpdateTransfer transfer:
                side.ShuttingDown = shuttingDown.ReceiveTransfer(transfer);
                break;
            case UpdateFee fee:
                side.ShuttingDown = shuttingDown.ReceiveFee(fee);
                break;
            case CommitmentSigned commit:
                var (afterCommit, revocation) = shuttingDown.ReceiveCommit(commit, side.Signer);
                side.ShuttingDown = afterCommit;
                Send(side, revocation);
                break;
            case RevokeAndAck revoke:
                side.ShuttingDown = shuttingDown.ReceiveRevocation(revoke);
                break;
            case Shutdown shutdown:
                var (state, reply) = shuttingDown.ReceiveShutdown(shutdown);
                side.ShuttingDown = state;
                SendIf(side, reply);
                break;
            case ClosingSigned closingSigned:
                Apply(side, shuttingDown.ReceiveClosingSigned(closingSigned, side.Signer, side.Feerates));
                break;
            default:
                throw new InvalidOperationException($"Unexpected {message.GetType().Name} while shutting down.");
        }
    }

    private void Apply(ClosingSide side, ClosingSignedOutcome outcome)
    {
        side.Enter(outcome.State);
        SendIf(side, outcome.Reply);
        if (outcome.SignedClosingTransaction is { } signed)
        {
            side.Broadcast = signed;
        }
    }

    private void SendIf(ClosingSide from, LightningMessage? message)
    {
        if (message is not null)
        {
            Send(from, message);
        }
    }

    public void Send(ClosingSide from, LightningMessage message)
    {
        if (message is ClosingSigned closingSigned)
        {
            message = RewriteClosingSigned?.Invoke(closingSigned) ?? closingSigned;
        }

        var decoded = RoundTrip(message);
        if (decoded is ClosingSigned sent)
        {
            ClosingSignedSent.Add(sent);
        }

        Log.Add((from, decoded));
        (from == Meter ? _toProvider : _toMeter).Enqueue(decoded);
    }

    private Queue<LightningMessage> QueueTo(ClosingSide side) => side == Meter ? _toMeter : _toProvider;
}
