using Grpc.Core;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels;
using Microchannels.Provider.Api.V1;
using Microchannels.Provider.Journal;
using Microchannels.Provider.Node;
using EngineInput = Microchannels.Channels.Engine.StateMachine.ChannelInput;
using EngineState = Microchannels.Channels.Engine.StateMachine.ChannelState;

namespace Microchannels.Provider.Api;

/// <summary>SubscribeTransfers and SendTransfer.</summary>
public sealed partial class ProviderApi
{
    private const int TransferBatch = 1000;

    public override async Task SubscribeTransfers(SubscribeTransfersRequest request, IServerStreamWriter<Transfer> responseStream, ServerCallContext context)
    {
        var channel = request.ChannelId.Length == 0 ? null : ApiArguments.ChannelId(request.ChannelId, "channel_id");
        var meter = OptionalNodeId(request.MeterNodeId, "meter_node_id");
        ulong after = request.AfterSequence;
        using var call = CallToken(context);
        try
        {
            while (true)
            {
                // Everything up to `newest` is durable; entries are read in order, so nothing
                // between two reads is missed and nothing is sent twice.
                ulong newest = journal.LastSequence;
                while (after < newest)
                {
                    var batch = journal.ReadAfter(after, TransferBatch, channel, meter);
                    foreach (var entry in batch.TakeWhile(e => e.Sequence <= newest))
                    {
                        await responseStream.WriteAsync(ToProto(entry), call.Token).ConfigureAwait(false);
                        after = entry.Sequence;
                    }

                    if (batch.Count < TransferBatch || batch[^1].Sequence >= newest)
                    {
                        // No more matching entries up to `newest` (filtered ones skipped).
                        after = Math.Max(after, newest);
                    }
                }

                await journal.WaitForAfterAsync(after, call.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw ShuttingDown();
        }
    }

    public override async Task<SendTransferResponse> SendTransfer(SendTransferRequest request, ServerCallContext context)
    {
        ulong amount = ApiArguments.AmountMsat(request.AmountMsat, "amount_msat");
        var givenReading = request.Reading is null ? null : ApiArguments.Reading(request.Reading);
        var channel = Find(request.ChannelId, request.MeterNodeId);
        if (host.Node.GetState(channel.Meter) is not EngineState.Normal live || live.ChannelId != channel.State.ChannelId)
        {
            throw ApiArguments.Precondition($"channel {channel.State.ChannelId.ToHex()} is {ChannelFacts.StateOf(channel.State)}; transfers need an open channel (NORMAL)");
        }

        var commitments = live.Commitments;
        ulong reserve = (ulong)commitments.Parameters.Remote.ChannelReserve.Value * 1000;
        ulong balance = commitments.LocalCommit.Spec.ToLocal.Value;
        if (balance < reserve || amount > balance - reserve)
        {
            throw ApiArguments.Precondition($"insufficient balance: {amount} msat asked, {(balance > reserve ? balance - reserve : 0)} msat spendable above the {reserve} msat reserve the meter requires");
        }

        var reading = givenReading ?? journal.TotalsOf(live.ChannelId).LastReceivedReading
            ?? throw ApiArguments.Precondition("the meter has paid no reading on this channel yet; pass the reading this payment is for");
        if (givenReading is not null && !ValidReading(commitments.Parameters.MeterReadingKey, givenReading))
        {
            throw ApiArguments.Invalid("reading.signature does not verify with the channel's meter reading key");
        }

        if (commitments.LastLocalReading is { } cited && (reading.Reading.CumulativeWh < cited.CumulativeWh || reading.Reading.PulseCount < cited.PulseCount || reading.Reading.Timestamp < cited.Timestamp))
        {
            throw ApiArguments.Precondition("the reading is older than the one our previous payment cited (DESIGN.md decision 6: readings only move forward)");
        }

        await host.Node.PostAsync(channel.Meter, new EngineInput.SendTransfer(new MilliSatoshis(amount), reading), context.CancellationToken).ConfigureAwait(false);
        return new SendTransferResponse { ChannelId = live.ChannelId.ToHex(), State = Api.V1.ChannelState.Normal, LocalBalanceMsat = balance };
    }

    private static bool ValidReading(PublicKey readingKey, Channels.Wire.SignedMeterReading reading)
    {
        try
        {
            return readingKey.Verify(reading.Reading.SigningHash().AsSpan(), EcdsaSignature.FromCompact(reading.Signature.AsSpan()));
        }
        catch (InvalidSignatureException)
        {
            return false;
        }
    }

    private static Transfer ToProto(JournaledTransfer entry) => new()
    {
        Sequence = entry.Sequence,
        ChannelId = entry.ChannelId.ToHex(),
        MeterNodeId = entry.Meter.ToString(),
        Direction = entry.Direction == JournalDirection.Received ? TransferDirection.Received : TransferDirection.Sent,
        TransferId = entry.TransferId,
        AmountMsat = entry.AmountMsat,
        Reading = ChannelFacts.ToProto(entry.Reading),
        CommittedAtMs = entry.CommittedAtMs,
        LocalCommitmentNumber = entry.LocalCommitmentNumber,
    };
}
