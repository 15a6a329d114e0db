using System.Globalization;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Store;
using Microchannels.Channels.Tests.Engine.OnChain;
using Microchannels.Channels.Tests.Engine.StateMachine;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Store;

/// <summary>
/// The records kept in <c>Fixtures/channels-format1.db</c>, a channel store written by the code
/// of store format 1 (schema version 1, <see cref="ChannelStateCodec"/> version 1,
/// <c>CommitmentsCodec</c> version 1), and the facts each must still decode to. The facts
/// are what a format change must keep: phase, channel, commitment numbers and balances.
/// </summary>
internal static class StoreFixtureStates
{
    public static string Facts(string name, ReadOnlySpan<byte> record)
    {
        if (name == "nonce-mark")
        {
            var (peer, counter) = PeerNonceMark.Decode(record);
            return $"{name}|{Convert.ToHexStringLower(peer.ToBytes())}|{counter}";
        }

        if (name == "peer-record")
        {
            var (peer, nonce, state) = PeerChannelRecord.Decode(record);
            return $"{name}|{Convert.ToHexStringLower(peer.ToBytes())}|{Convert.ToHexStringLower(nonce)}|{Facts(state)}";
        }

        return $"{name}|{Facts(ChannelStateCodec.Decode(record))}";
    }

    public static ChannelKey KeyOf(string name) => new(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes("store fixture/" + name)));

    private static string Facts(ChannelState state)
    {
        var facts = $"{state.GetType().Name}|{Convert.ToHexStringLower(state.ChannelId.AsSpan())}";
        if (state.CommitmentsOrNull is { } c)
        {
            facts += string.Create(CultureInfo.InvariantCulture, $"|{c.LocalCommit.Index}|{c.RemoteCommit.Index}|{c.LocalCommit.Spec.ToLocal.Value}|{c.LocalCommit.Spec.ToRemote.Value}|{c.LocalCommit.Spec.Feerate.Value}|{c.Parameters.FundingOutPoint}");
        }

        return state switch
        {
            ChannelState.Opening o => facts + $"|{o.Phase.GetType().Name}",
            ChannelState.ClosingOnChain closing => facts + $"|{closing.Close.Kind}|{closing.Close.OurAmount.Value}",
            ChannelState.ShuttingDown s => facts + $"|{s.Shutdown.LocalShutdownSent}|{s.Feerates.Preferred.Value}",
            _ => facts,
        };
    }

    /// <summary>Builds the fixture's records from deterministic scenarios (used once, to write the fixture).</summary>
    public static IReadOnlyList<(string Name, byte[] Record)> Build()
    {
        var records = new List<(string, byte[])>();
        using var pair = OnChainScenario.Streamed();
        var side = new OnChainSide(pair, IsMeter: false);
        var revoked = side.PeerCommitment();
        pair.MeterPays(7_000_000);
        pair.Settle();

        records.Add(("normal-provider", ChannelStateCodec.Encode(side.Normal())));
        records.Add(("normal-meter", ChannelStateCodec.Encode(new ChannelState.Normal(pair.Meter, ConnectionPhase.Disconnected, []))));
        records.Add(("force-closing", ChannelStateCodec.Encode(new ChannelState.ForceClosing(pair.Meter, pair.Meter.SignedLocalCommitment(pair.MeterSigner), "fixture"))));
        var script = new ByteVector(Bitcoin.Scripts.StandardScripts.PayToWitnessPubKeyHashFromPublicKey(pair.ProviderSigner.Basepoints.PaymentBasepoint.AsSpan()).AsSpan());
        var shutdown = new ShuttingDown(pair.Provider, ShutdownTerms.Default, script, LocalShutdownSent: true, RemoteScript: null);
        records.Add(("shutting-down", ChannelStateCodec.Encode(new ChannelState.ShuttingDown(shutdown, ClosingFeerates.Around(new FeeratePerKw(500)), ConnectionPhase.Disconnected))));
        records.Add(("closing-on-chain", ChannelStateCodec.Encode(side.Spend(revoked).State)));

        using var machines = new OpeningMachines();
        machines.Fund();
        records.Add(("opening", ChannelStateCodec.Encode(machines.Provider!.Stored!)));

        using var peerKey = PrivateKey.FromBytes(Hashes.Sha256("store fixture peer"u8));
        records.Add(("peer-record", PeerChannelRecord.Encode(peerKey.PublicKey, Enumerable.Repeat((byte)7, 32).ToArray(), side.Normal())));
        records.Add(("nonce-mark", PeerNonceMark.Encode(peerKey.PublicKey, 7)));
        return records;
    }
}
