using System.Net.Sockets;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Transport;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Node;

/// <summary>Admitting meters: BOLT 8 and init, then the first channel message decides which channel the connection serves.</summary>
public sealed partial class ProviderNode
{
    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || (e is SocketException && _stop.IsCancellationRequested))
            {
                return;
            }
            catch (SocketException)
            {
                // A connection reset before we accepted it: keep listening.
                continue;
            }

            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    /// <summary>
    /// One inbound connection. A failed handshake, a peer that says nothing in time, or one
    /// that is refused only costs this connection: no channel changes.
    /// </summary>
    private async Task ServeAsync(Socket socket)
    {
        IAsyncDisposable? owned = null;
        try
        {
            using var admission = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            admission.CancelAfter(_options.FirstMessageTimeout);
            var transport = await NoiseTransport.AcceptAsync(socket, _nodeKey, _options.Transport, admission.Token).ConfigureAwait(false);
            owned = transport;
            var peer = await NoisePeerConnection.EstablishAsync(transport, Features.LocalDefault, admission.Token).ConfigureAwait(false);
            owned = peer;
            if (await peer.ReceiveAsync(admission.Token).ConfigureAwait(false) is not { } first)
            {
                return;
            }

            await _admission.WaitAsync(_stop.Token).ConfigureAwait(false);
            try
            {
                if (await AdmitAsync(peer, first).ConfigureAwait(false))
                {
                    owned = null; // the channel's runner owns the connection now
                }
            }
            finally
            {
                _admission.Release();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException
            or WireFormatException or PeerHandshakeException or System.Threading.Channels.ChannelClosedException)
        {
            // The connection failed (BOLT 8 errors are IOExceptions) or we are stopping: nothing was admitted.
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync().ConfigureAwait(false);
            }
            else if (!socket.Connected)
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>True when a channel took the connection; false when it was refused with an error.</summary>
    private async Task<bool> AdmitAsync(NoisePeerConnection peer, LightningMessage first)
    {
        var meter = peer.RemoteNodeId;
        switch (first)
        {
            case OpenChannel open:
                if (_channels.TryGetValue(meter, out var existing))
                {
                    if (existing.Runner.State is not ChannelState.OpeningAborted)
                    {
                        await RefuseAsync(peer, open.TemporaryChannelId, "this meter already has a channel with us: send channel_reestablish").ConfigureAwait(false);
                        return false;
                    }

                    _channels.TryRemove(meter, out _);
                    await existing.DisposeAsync().ConfigureAwait(false);
                }

                var signer = _signers(meter, null);
                var accepted = ChannelStateMachine.Accept(open, _options.Policy, signer);
                if (accepted.State is ChannelState.OpeningAborted)
                {
                    // BOLT 2: the receiver "MUST fail the channel": the error goes out, nothing is kept.
                    foreach (var action in accepted.Actions)
                    {
                        if (action is ChannelAction.SendMessage send)
                        {
                            await peer.SendAsync(send.Message, _stop.Token).ConfigureAwait(false);
                        }
                        else
                        {
                            _events.Writer.TryWrite(new NodeChannelEvent(meter, open.TemporaryChannelId, action));
                        }
                    }

                    (signer as IDisposable)?.Dispose();
                    return false;
                }

                await Host(meter, accepted.State, 0, signer).Runner.AttachAsync(peer, _stop.Token).ConfigureAwait(false);
                return true;

            case ChannelReestablish reestablish:
                // Only the meter that opened the channel may resume it (PeerChannelRecord).
                if (!_channels.TryGetValue(meter, out var hosted) || hosted.Runner.State.ChannelId != reestablish.ChannelId)
                {
                    await RefuseAsync(peer, reestablish.ChannelId, "no such channel with this node").ConfigureAwait(false);
                    return false;
                }

                await hosted.Runner.AttachAsync(peer, [reestablish], _stop.Token).ConfigureAwait(false);
                return true;

            default:
                await RefuseAsync(peer, ChannelId.All, $"expected open_channel or channel_reestablish, got {MessageTypes.NameOf(first.Type) ?? $"type {first.Type}"}").ConfigureAwait(false);
                return false;
        }
    }

    private async Task RefuseAsync(NoisePeerConnection peer, ChannelId channelId, string reason) =>
        await peer.SendAsync(new Error(channelId, new ByteVector(System.Text.Encoding.UTF8.GetBytes(reason))), _stop.Token).ConfigureAwait(false);
}
