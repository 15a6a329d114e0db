using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.StateMachine;

/// <summary>
/// The meter (opener, funder) and the provider (accepter) opening a channel through
/// <see cref="ChannelStateMachine"/> only: the shell's part (wallet, chain) is played here.
/// </summary>
internal sealed class OpeningMachines : IDisposable
{
    public static readonly Satoshis FundingAmount = new(1_000_000);
    public static readonly FeeratePerKw Feerate = new(253);
    private readonly PrivateKey _readingKey = PrivateKey.FromBytes(Hashes.Sha256("meter reading key"u8));

    public OpeningMachines(ulong pushMsat = 0, ChannelAcceptancePolicy? providerPolicy = null)
    {
        ProviderPolicy = providerPolicy ?? ChannelAcceptancePolicy.Default;
        var meterSigner = new InMemoryChannelSigner(ChannelSecrets.FromSeed(Enumerable.Repeat((byte)0x42, 32).ToArray()));
        var start = ChannelStateMachine.Open(TemporaryChannelId, FundingAmount, new MilliSatoshis(pushMsat), Feerate, _readingKey.PublicKey, meterSigner, ChannelAcceptancePolicy.Default);
        Meter = new OpeningSide("meter", meterSigner, start);
    }

    public static ChannelId TemporaryChannelId { get; } = new(Hashes.Sha256("temporary channel"u8));

    public ChannelAcceptancePolicy ProviderPolicy { get; }

    public OpeningSide Meter { get; }

    public OpeningSide? Provider { get; private set; }

    public Transaction? FundingTransaction { get; private set; }

    /// <summary>The meter connects and sends open_channel; the provider answers it with a new channel.</summary>
    public void Connect()
    {
        Meter.Input(new ChannelInput.Connected());
        if (Meter.Crashed)
        {
            // Died before open_channel went out: the provider never hears of the channel.
            return;
        }

        var open = Assert.IsType<OpenChannel>(Meter.Outbox.Dequeue());
        var providerSigner = new InMemoryChannelSigner(ChannelSecrets.FromSeed(Enumerable.Repeat((byte)0x24, 32).ToArray()));
        var accepted = ChannelStateMachine.Accept(open, ProviderPolicy, providerSigner);
        Provider = new OpeningSide("provider", providerSigner, accepted.State);
        Provider.Apply(accepted);
        Provider.Input(new ChannelInput.Connected());
    }

    /// <summary>Delivers messages both ways until both outboxes are empty; plays the meter's wallet when asked.</summary>
    public void Pump()
    {
        while ((Meter.Outbox.Count > 0 && !Provider!.Crashed) || (Provider!.Outbox.Count > 0 && !Meter.Crashed))
        {
            Provider!.Outbox.TryDequeue(out var toMeter);
            if (toMeter is not null && !Meter.Crashed)
            {
                Meter.Input(new ChannelInput.PeerMessage(toMeter));
                if (!Meter.Crashed && Meter.Performed.LastOrDefault() is ChannelAction.CreateFundingTransaction create)
                {
                    FundingTransaction = OpeningSide.Funding(create.FundingScriptPubKey, create.Amount);
                    Meter.Input(new ChannelInput.FundingTransactionCreated(FundingTransaction));
                }
            }

            Meter.DeliverTo(Provider);
        }
    }

    /// <summary>Through funding_signed: both sides stored, the meter broadcast the funding.</summary>
    public void Fund()
    {
        Connect();
        Pump();
    }

    public void Confirm(OpeningSide side, uint depth) => side.Input(new ChannelInput.FundingConfirmed(FundingTransaction!, depth));

    public void Dispose()
    {
        _readingKey.Dispose();
        Meter.Signer.Dispose();
        Provider?.Signer.Dispose();
    }
}
