using System.Net;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Node;

/// <summary>A meter for provider-node tests: its own node key, signer, in-memory store and chain, and one runner.</summary>
internal sealed class MeterClient : IAsyncDisposable
{
    private readonly InMemoryChannelSigner _signer;
    private ulong _nextTransferId;
    private ulong _wh;
    private ulong _clock = 1_700_000_000;

    public MeterClient(int index)
    {
        Index = index;
        NodeKey = PrivateKey.FromBytes(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes($"meter node {index}")));
        _signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes($"meter channel {index}"))));
    }

    public int Index { get; }

    public PrivateKey NodeKey { get; }

    public InMemoryChannelStore Store { get; } = new();

    public InMemoryChain Chain { get; } = new();

    public ChannelRunner? Runner { get; private set; }

    public ChannelState State => Runner!.State;

    /// <summary>Starts the opening and connects: the runner sends open_channel.</summary>
    public async Task OpenAsync(IPEndPoint provider, PublicKey providerId, Satoshis funding, MilliSatoshis push, PublicKey readingKey, CancellationToken ct)
    {
        var temporaryId = new ChannelId(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes($"temporary {Index}")));
        var start = ChannelStateMachine.Open(temporaryId, funding, push, new FeeratePerKw(253), readingKey, _signer, ChannelAcceptancePolicy.Default);
        Runner = new ChannelRunner(start, 0, _signer, Store, Chain, fundingWallet: Chain);
        await ConnectAsync(provider, providerId, ct);
    }

    public async Task ConnectAsync(IPEndPoint provider, PublicKey providerId, CancellationToken ct) =>
        await Runner!.AttachAsync(await NoisePeerConnection.ConnectAsync(provider, NodeKey, providerId, cancellationToken: ct), ct);

    /// <summary>The meter's newest signed reading (what a provider refund cites).</summary>
    public SignedMeterReading? LatestReading { get; private set; }

    /// <summary>
    /// A version-2 reading paying <paramref name="amountMsat"/> as this meter's next transfer on
    /// its channel with <paramref name="providerId"/>, chained to the one before (docs/PROTOCOL.md).
    /// </summary>
    public SignedMeterReading NextReading(PrivateKey readingKey, PublicKey providerId, ulong amountMsat)
    {
        ArgumentNullException.ThrowIfNull(readingKey);
        ArgumentNullException.ThrowIfNull(providerId);
        _wh++;
        _clock += 5;
        var previous = LatestReading?.Reading.SigningHash() ?? ReadingBinding.Genesis;
        var binding = new ReadingBinding(ChainHash.Regtest, State.ChannelId, new Point(providerId.AsSpan()), _nextTransferId++, new MilliSatoshis(amountMsat), 0, previous);
        var reading = MeterReading.V2(_wh, _wh * 10, _clock, binding);
        LatestReading = new SignedMeterReading(reading, new CompactSignature(readingKey.Sign(reading.SigningHash().AsSpan()).ToCompact()));
        return LatestReading;
    }

    public Transaction? Funding => Chain.Broadcast.TryPeek(out var tx) ? tx : null;

    public async ValueTask DisposeAsync()
    {
        if (Runner is not null)
        {
            await Runner.DisposeAsync();
        }

        _signer.Dispose();
        NodeKey.Dispose();
        await Store.DisposeAsync();
    }
}
