using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Node;

/// <summary>
/// What a stranger can hold for free: connections (in total, and not yet admitted in total
/// and per source address) and openings per source address. A connection over a bound is
/// closed as soon as it is accepted, before any handshake work is spent on it.
/// </summary>
public sealed partial class ProviderNode
{
    /// <summary>Events a channel holds for its forwarder at most (<see cref="ChannelRunner.EventCapacity"/>).</summary>
    public const int ChannelEventCapacity = 64;

    private readonly object _limits = new();
    private readonly Dictionary<IPAddress, int> _pendingByAddress = [];
    private readonly ConcurrentDictionary<HostedChannel, IPAddress> _openedFrom = new();
    private int _connections;
    private int _pending;
    private long _refusedConnections;

    /// <summary>Inbound connections open now, admitted or not.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Inbound connections not yet admitted (handshake, init or first message under way).</summary>
    public int PendingConnectionCount => Volatile.Read(ref _pending);

    /// <summary>Connections closed at accept because a bound was reached, since start.</summary>
    public long RefusedConnectionCount => Interlocked.Read(ref _refusedConnections);

    /// <summary>Source addresses with a connection not yet admitted (this map is what the per-address bound costs).</summary>
    public int PendingAddressCount
    {
        get
        {
            lock (_limits)
            {
                return _pendingByAddress.Count;
            }
        }
    }

    /// <summary>A slot for <paramref name="socket"/>, or null when a bound is reached (the caller closes it).</summary>
    private ConnectionSlot? TryReserve(Socket socket)
    {
        var address = SourceOf(socket.RemoteEndPoint);
        lock (_limits)
        {
            int fromAddress = _pendingByAddress.GetValueOrDefault(address);
            if (_connections >= _options.MaxConnections || _pending >= _options.MaxPendingConnections || fromAddress >= _options.MaxPendingConnectionsPerAddress)
            {
                _refusedConnections++;
                return null;
            }

            _connections++;
            _pending++;
            _pendingByAddress[address] = fromAddress + 1;
        }

        return new ConnectionSlot(this, address);
    }

    private void EndPending(IPAddress address)
    {
        lock (_limits)
        {
            _pending--;
            int left = _pendingByAddress[address] - 1;
            if (left == 0)
            {
                _pendingByAddress.Remove(address);
            }
            else
            {
                _pendingByAddress[address] = left;
            }
        }
    }

    private void EndConnection()
    {
        lock (_limits)
        {
            _connections--;
        }
    }

    /// <summary>IPv4 peers seen through a dual-stack socket count as their IPv4 address.</summary>
    private static IPAddress SourceOf(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint { Address.IsIPv4MappedToIPv6: true } mapped => mapped.Address.MapToIPv4(),
        IPEndPoint ip => ip.Address,
        _ => IPAddress.None,
    };

    /// <summary>
    /// Whether <paramref name="peer"/>'s address already holds <see cref="ProviderNodeOptions.MaxOpeningChannelsPerAddress"/>
    /// openings (other than <paramref name="replaced"/>, the meter's own opening this one replaces).
    /// </summary>
    private bool TooManyOpeningsFrom(NoisePeerConnection peer, HostedChannel? replaced)
    {
        var address = SourceOf(peer.RemoteEndPoint);
        int count = 0;
        foreach (var (hosted, from) in _openedFrom)
        {
            if (hosted.Runner.State is not ChannelState.Opening)
            {
                // Funded (or gone): it no longer counts against its address.
                _openedFrom.TryRemove(hosted, out _);
            }
            else if (hosted != replaced && from.Equals(address))
            {
                count++;
            }
        }

        return count >= _options.MaxOpeningChannelsPerAddress;
    }

    /// <summary>Remembers where <paramref name="hosted"/>'s opening came from, for <see cref="TooManyOpeningsFrom"/>.</summary>
    private HostedChannel OpenedFrom(HostedChannel hosted, NoisePeerConnection peer)
    {
        _openedFrom[hosted] = SourceOf(peer.RemoteEndPoint);
        return hosted;
    }

    /// <summary>One accepted connection's share of the bounds: pending until admitted, counted until closed.</summary>
    private sealed class ConnectionSlot(ProviderNode node, IPAddress address)
    {
        private int _pendingEnded;
        private int _released;

        /// <summary>The connection is admitted (or gone): it no longer counts as pending.</summary>
        public void Admitted()
        {
            if (Interlocked.Exchange(ref _pendingEnded, 1) == 0)
            {
                node.EndPending(address);
            }
        }

        /// <summary>The connection is closed: it counts nowhere.</summary>
        public void Release()
        {
            Admitted();
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                node.EndConnection();
            }
        }
    }

    /// <summary>An admitted connection that gives its slot back when the channel's runner closes it.</summary>
    private sealed class CountedPeerConnection(NoisePeerConnection inner, ConnectionSlot slot) : IPeerConnection
    {
        public ValueTask SendAsync(LightningMessage message, CancellationToken cancellationToken) => inner.SendAsync(message, cancellationToken);

        public ValueTask<LightningMessage?> ReceiveAsync(CancellationToken cancellationToken) => inner.ReceiveAsync(cancellationToken);

        public bool Offers(Feature feature) => inner.Offers(feature);

        public async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                slot.Release();
            }
        }
    }
}
