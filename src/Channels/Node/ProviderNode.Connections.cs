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

            if (TryReserve(socket) is not { } slot)
            {
                // Over a bound (ProviderNode.Limits): closed before any handshake work.
                socket.Dispose();
                continue;
            }

            var serving = Task.Run(() => ServeAsync(socket, slot));
            _serving.TryAdd(serving, true);
            _ = serving.ContinueWith(done => _serving.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    /// <summary>
    /// One inbound connection. A failed handshake, a peer that says nothing in time, or one
    /// that is refused only costs this connection: no channel changes.
    /// </summary>
    private async Task ServeAsync(Socket socket, ConnectionSlot slot)
    {
        IAsyncDisposable? owned = null;
        bool handedOver = false;
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
                slot.Admitted();
                await admitted.Runner.AttachAsync(new CountedPeerConnection(peer, slot), first is ChannelReestablish ? [first] : [], _stop.Token).ConfigureAwait(false);
                owned = null; // the channel's runner owns the connection now, and gives the slot back when it closes it
                handedOver = true;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException
            or WireFormatException or PeerHandshakeException or System.Threading.Channels.ChannelClosedException or Store.ChannelStoreException)
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

            if (!handedOver)
            {
                slot.Release();
            }
        }
    }

    /// <summary>The channel that takes the connection, or null when it was refused with an error.</summary>
    private async Task<HostedChannel?> AdmitAsync(NoisePeerConnection peer, LightningMessage first) => first switch
    {
        OpenChannel open => await AdmitOpeningAsync(peer, open).ConfigureAwait(false),

        // Only the meter that opened the channel may resume it (PeerChannelRecord).
        ChannelReestablish reestablish when _channels.TryGetValue(peer.RemoteNodeId, out var hosted) && hosted.Runner.State.ChannelId == reestablish.ChannelId => hosted,
        ChannelReestablish reestablish => await RefuseAsync(peer, reestablish.ChannelId, "no such channel with this node").ConfigureAwait(false),
        _ => await RefuseAsync(peer, ChannelId.All, $"expected open_channel or channel_reestablish, got {MessageTypes.NameOf(first.Type) ?? $"type {first.Type}"}").ConfigureAwait(false),
    };

    /// <summary>
    /// A new channel for the meter. Everything is checked before an existing channel is
    /// touched: the allow-list, the bound on openings, and the <c>open_channel</c> itself.
    /// </summary>
    private async Task<HostedChannel?> AdmitOpeningAsync(NoisePeerConnection peer, OpenChannel open)
    {
        var meter = peer.RemoteNodeId;
        if (!peer.Offers(Features.StreamedTransfer))
        {
            // Every payment is an update_transfer (docs/PROTOCOL.md): no channel with a peer that cannot read one.
            return await RefuseAsync(peer, open.TemporaryChannelId, "option_streamed_transfer is required to open a channel").ConfigureAwait(false);
        }

        if (!_options.OpenAdmission && _options.AllowedMeters?.Contains(meter) != true)
        {
            return await RefuseAsync(peer, open.TemporaryChannelId, "this node opens channels only with its own meters").ConfigureAwait(false);
        }

        _channels.TryGetValue(meter, out var existing);
        if (existing is not null && !Replaceable(existing.Runner.State))
        {
            return await RefuseAsync(peer, open.TemporaryChannelId, "this meter already has a channel with us: send channel_reestablish").ConfigureAwait(false);
        }

        if (_channels.Values.Count(hosted => hosted != existing && hosted.Runner.State is ChannelState.Opening) >= _options.MaxOpeningChannels)
        {
            return await RefuseAsync(peer, open.TemporaryChannelId, "too many channels are being opened; try again later").ConfigureAwait(false);
        }

        if (TooManyOpeningsFrom(peer, existing))
        {
            return await RefuseAsync(peer, open.TemporaryChannelId, "too many channels are being opened from your address; try again later").ConfigureAwait(false);
        }

        // The reading key is pinned: a channel naming another one is refused, never taken silently.
        var pinned = PinnedReadingKey(meter);
        bool offersKey = open.MeterReadingPubkey is { } offered && Bitcoin.Crypto.PublicKey.TryFromBytes(offered.AsSpan(), out _);
        if (pinned is not null && offersKey && !pinned.AsSpan().SequenceEqual(open.MeterReadingPubkey!.AsSpan()))
        {
            return await RefuseAsync(peer, open.TemporaryChannelId, "this meter's reading key is pinned and open_channel names another").ConfigureAwait(false);
        }

        // The next nonce for this meter: a new channel never shares keys with an earlier one.
        ulong counter = _nonceCounters.TryGetValue(meter, out var last) ? last + 1 : 0;
        byte[] nonce = Signing.PeerChannelSigners.Nonce(counter);
        var signer = _signers(meter, nonce, null);
        var accepted = ChannelStateMachine.Accept(open, _options.Policy, signer);
        if (accepted.State is ChannelState.OpeningAborted)
        {
            // BOLT 2: the receiver "MUST fail the channel": the error goes out, nothing is kept.
            (signer as IDisposable)?.Dispose();
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

            return null;
        }

        if (existing is not null && !await RetireAsync(existing).ConfigureAwait(false))
        {
            (signer as IDisposable)?.Dispose();
            return await RefuseAsync(peer, open.TemporaryChannelId, "this meter's channel moved on: send channel_reestablish").ConfigureAwait(false);
        }

        // Durable before accept_channel shows the keys: a deleted record's counter never comes back.
        await _store.SaveAsync(new Store.ChannelRecord(PeerNonceMark.KeyOf(meter), counter + 1, PeerNonceMark.Encode(meter, counter)), _stop.Token).ConfigureAwait(false);
        _nonceCounters[meter] = counter;
        if (pinned is null && offersKey)
        {
            // Learnt at the meter's first channel, durable before accept_channel.
            var learnt = Bitcoin.Crypto.PublicKey.FromBytes(open.MeterReadingPubkey!.AsSpan());
            await _store.SaveAsync(new Store.ChannelRecord(MeterReadingKeyPin.KeyOf(meter), 1, MeterReadingKeyPin.Encode(meter, learnt)), _stop.Token).ConfigureAwait(false);
            _readingKeys[meter] = learnt;
        }

        // The new channel's first reading chains to the last one the meter paid with on the one it
        // replaces (docs/PROTOCOL.md): durable before accept_channel, so a restart checks the same.
        if (existing?.Runner.State.CommitmentsOrNull?.LastRemoteReading is { } lastPaid)
        {
            var hash = lastPaid.SigningHash();
            await _store.SaveAsync(new Store.ChannelRecord(MeterReadingChainMark.KeyOf(meter), counter + 1, MeterReadingChainMark.Encode(meter, hash)), _stop.Token).ConfigureAwait(false);
            _readingChains[meter] = hash;
        }

        return OpenedFrom(Host(meter, nonce, accepted.State, 0, signer), peer);
    }

    /// <summary>
    /// Stops <paramref name="existing"/> so a new channel can take its place. The store
    /// decides, not the runner's memory (which may be ahead of it, say after a save that
    /// failed): no record means nothing was ever signed; a replaceable stored opening is
    /// deleted; a stored closed channel stays, archived, as its keys hold our closing
    /// outputs; anything else is hosted again from its record and false is returned.
    /// </summary>
    private async Task<bool> RetireAsync(HostedChannel existing)
    {
        await ForgetAsync(existing).ConfigureAwait(false);
        var key = PeerChannelRecord.KeyOf(existing.Peer, existing.Nonce);
        if (await _store.LoadAsync(key, _stop.Token).ConfigureAwait(false) is not { } record)
        {
            return true;
        }

        var (peer, nonce, stored) = PeerChannelRecord.Decode(record.State.Span);
        if (Replaceable(stored))
        {
            if (stored is ChannelState.Opening)
            {
                await _store.DeleteAsync(key, _stop.Token).ConfigureAwait(false);
            }

            return true;
        }

        try
        {
            Host(peer, nonce, stored, record.Version);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // It cannot run again now (say its keys no longer match): say so; the next start retries.
            _events.Writer.TryWrite(new NodeChannelEvent(peer, stored.ChannelId, new ChannelAction.ChannelFailed(new ChannelHaltedException(stored.ChannelId, e))));
        }

        return false;
    }

    /// <summary>
    /// A meter may open a new channel in place of one that holds nothing of ours at stake:
    /// an abandoned opening; one we accepted with no push to us whose funding has not reached
    /// depth (BOLT 2 "The channel_ready Message" rationale: the non-funder "can simply forget
    /// the channel"; should that funding still confirm, the meter holds commitment 0 signed by
    /// us to take its money back, and a meter that had broadcast would reestablish, not open
    /// again); or one closed on chain and irrevocably resolved.
    /// </summary>
    private static bool Replaceable(ChannelState state) => state switch
    {
        ChannelState.OpeningAborted or ChannelState.Closed => true,
        ChannelState.Opening { Phase: Engine.Opening.AwaitingFundingConfirmed { Terms: { LocalIsOpener: false } terms } } => terms.PushAmount == MilliSatoshis.Zero,
        _ => false,
    };

    /// <summary>Answers with an <c>error</c> naming <paramref name="channelId"/>; the connection is then closed. Always null.</summary>
    private async Task<HostedChannel?> RefuseAsync(NoisePeerConnection peer, ChannelId channelId, string reason)
    {
        await peer.SendAsync(new Error(channelId, new ByteVector(System.Text.Encoding.UTF8.GetBytes(reason))), _stop.Token).ConfigureAwait(false);
        return null;
    }
}
