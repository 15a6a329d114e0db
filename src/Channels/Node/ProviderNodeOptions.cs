using System.Net;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Transport;

namespace Microchannels.Channels.Node;

/// <summary>Where a provider node listens and what it accepts.</summary>
public sealed record ProviderNodeOptions
{
    /// <summary>The address to listen on; port 0 picks a free one (see <see cref="ProviderNode.LocalEndPoint"/>).</summary>
    public IPEndPoint ListenOn { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>What the node accepts in a meter's <c>open_channel</c> and announces in <c>accept_channel</c>.</summary>
    public ChannelAcceptancePolicy Policy { get; init; } = ChannelAcceptancePolicy.Default;

    public TransportOptions Transport { get; init; } = TransportOptions.Default;

    /// <summary>
    /// The meters (BOLT 8 node ids) this node opens channels with; null lists none. An energy
    /// provider knows its meters: a stranger cannot even start an opening unless
    /// <see cref="OpenAdmission"/> is on.
    /// </summary>
    public IReadOnlySet<Bitcoin.Crypto.PublicKey>? AllowedMeters { get; init; }

    /// <summary>
    /// Open channels with any meter, listed or not. Off by default: a BOLT 8 identity costs
    /// nothing, so an open node lets anyone hold opening slots and leave records behind.
    /// </summary>
    public bool OpenAdmission { get; init; }

    /// <summary>
    /// Reading keys configured with the meters (meter node id to reading key). A meter not
    /// listed has its key learnt from its first <c>open_channel</c> and pinned
    /// (<see cref="MeterReadingKeyPin"/>); either way a channel naming another key is refused.
    /// </summary>
    public IReadOnlyDictionary<Bitcoin.Crypto.PublicKey, Bitcoin.Crypto.PublicKey>? MeterReadingKeys { get; init; }

    /// <summary>
    /// At most this many channels may be in opening at once: an opening costs a stranger
    /// nothing (a BOLT 8 identity is free), so without a bound anyone could fill the node. Stored
    /// openings whose funding never comes count until the 2016-block timeout forgets them, which is
    /// why <see cref="OpenAdmission"/> is off by default.
    /// </summary>
    public int MaxOpeningChannels { get; init; } = 1_000;

    /// <summary>
    /// At most this many channels may be in opening from one source address (IPv4 address or
    /// IPv6 address), so one host cannot hold all of <see cref="MaxOpeningChannels"/>.
    /// Openings loaded from the store at start-up have no known address and count only in the total.
    /// </summary>
    public int MaxOpeningChannelsPerAddress { get; init; } = 10;

    /// <summary>How long a new connection may take to send its first channel message (open_channel or channel_reestablish).</summary>
    public TimeSpan FirstMessageTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// At most this many inbound connections at once, admitted or not; one more is closed as
    /// soon as it is accepted. Each costs a socket, two buffers and, once admitted, a channel's reader.
    /// </summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>
    /// At most this many connections not yet admitted (in the BOLT 8 handshake, or waiting
    /// for <c>init</c> or the first channel message) at once. Holding one costs a stranger
    /// nothing but a socket, so this bound and the timeouts are all that limit them.
    /// </summary>
    public int MaxPendingConnections { get; init; } = 1_000;

    /// <summary>
    /// At most this many connections not yet admitted from one source address. Meters behind
    /// one NAT share an address, but each is pending only for a handshake's few round trips.
    /// </summary>
    public int MaxPendingConnectionsPerAddress { get; init; } = 32;

    /// <summary>
    /// Channel events held for <see cref="ProviderNode.Events"/> at most. When the reader falls
    /// this far behind, channels wait in turn to add theirs (each channel holds at most
    /// <see cref="ProviderNode.ChannelEventCapacity"/> more), and a waiting channel reads no
    /// more from its meter.
    /// </summary>
    public int EventQueueCapacity { get; init; } = 10_000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bound that is not positive.</summary>
    public void Validate()
    {
        foreach (var (name, value) in new[]
        {
            (nameof(MaxOpeningChannels), MaxOpeningChannels),
            (nameof(MaxOpeningChannelsPerAddress), MaxOpeningChannelsPerAddress),
            (nameof(MaxConnections), MaxConnections),
            (nameof(MaxPendingConnections), MaxPendingConnections),
            (nameof(MaxPendingConnectionsPerAddress), MaxPendingConnectionsPerAddress),
            (nameof(EventQueueCapacity), EventQueueCapacity),
        })
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(name, value, "Must be at least 1.");
            }
        }

        if (FirstMessageTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(FirstMessageTimeout), FirstMessageTimeout, "Must be positive.");
        }
    }
}
