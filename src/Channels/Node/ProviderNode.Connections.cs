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

            var serving = Task.Run(() => ServeAsync(socket));
            _serving.TryAdd(serving, true);
            _ = serving.ContinueWith(done => _serving.TryRemove(done, out _), TaskScheduler.Default);
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

            // Deciding which channel the connection serves is serialised; attaching to it is
            // not, so a busy channel's queue never holds up other meters' admission.
            HostedChannel? admitted;
            await _admission.WaitAsync(_stop.Token).ConfigureAwait(false);
            try
            {
                admitted = await AdmitAsync(peer, first).ConfigureAwait(false);
            }
            finally
            {
                _admission.Release();
            }

            if (admitted is not null)
            {
                await admitted.Runner.AttachAsync(peer, first is ChannelReestablish ? [first] : [], _stop.Token).ConfigureAwait(false);
                owned = null; // the channel's runner owns the connection now
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

    /// <summary>The channel that takes the connection, or null when it was refused with an error.</summary>
    private async Task<HostedChannel?> AdmitAsync(NoisePeerConnection peer, LightningMessage first)
    {
        var meter = peer.RemoteNodeId;
        switch (first)
        {
            case OpenChannel open:
                if (_channels.TryGetValue(meter, out var existing))
                {
                    if (!Replaceable(existing.Runner.State))
                    {
                        await RefuseAsync(peer, open.TemporaryChannelId, "this meter already has a channel with us: send channel_reestablish").ConfigureAwait(false);
                        return null;
                    }

                    // Gone for good (abandoned, never funded, or closed and irrevocably
                    // resolved): the record goes first, so a restart can never find two.
                    await ForgetAsync(existing).ConfigureAwait(false);
                    if (existing.Runner.State is not ChannelState.OpeningAborted)
                    {
                        await _store.DeleteAsync(new Store.ChannelKey(existing.Runner.State.ChannelId.AsSpan()), _stop.Token).ConfigureAwait(false);
                    }
                }

                if (_channels.Values.Count(hosted => hosted.Runner.State is ChannelState.Opening) >= _options.MaxOpeningChannels)
                {
                    await RefuseAsync(peer, open.TemporaryChannelId, "too many channels are being opened; try again later").ConfigureAwait(false);
                    return null;
                }

                // Our own random draw: a meter cannot make two of its channels share keys.
                byte[] nonce = System.Security.Cryptography.RandomNumberGenerator.GetBytes(Signing.PeerChannelSigners.NonceSize);
                var signer = _signers(meter, nonce, null);
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
                    return null;
                }

                return Host(meter, nonce, accepted.State, 0, signer);

            case ChannelReestablish reestablish:
                // Only the meter that opened the channel may resume it (PeerChannelRecord).
                if (!_channels.TryGetValue(meter, out var hosted) || hosted.Runner.State.ChannelId != reestablish.ChannelId)
                {
                    await RefuseAsync(peer, reestablish.ChannelId, "no such channel with this node").ConfigureAwait(false);
                    return null;
                }

                return hosted;

            default:
                await RefuseAsync(peer, ChannelId.All, $"expected open_channel or channel_reestablish, got {MessageTypes.NameOf(first.Type) ?? $"type {first.Type}"}").ConfigureAwait(false);
                return null;
        }
    }

    /// <summary>
    /// A meter may open a new channel in place of one that holds nothing of ours at stake:
    /// an abandoned opening; one we accepted but whose funding never reached depth (BOLT 2
    /// "The channel_ready Message" rationale: the non-funder "can simply forget the channel",
    /// and a meter that had broadcast its funding would reestablish, not open again); or one
    /// closed on chain and irrevocably resolved.
    /// </summary>
    private static bool Replaceable(ChannelState state) =>
        state is ChannelState.OpeningAborted or ChannelState.Closed
            or ChannelState.Opening { Phase: Engine.Opening.AwaitingFundingConfirmed { Terms.LocalIsOpener: false } };

    private async Task RefuseAsync(NoisePeerConnection peer, ChannelId channelId, string reason) =>
        await peer.SendAsync(new Error(channelId, new ByteVector(System.Text.Encoding.UTF8.GetBytes(reason))), _stop.Token).ConfigureAwait(false);
}
