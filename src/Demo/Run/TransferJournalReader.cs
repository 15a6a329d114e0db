using Grpc.Core;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Demo.Run;

/// <summary>Reads every transfer the provider journaled (SubscribeTransfers from sequence 0) and sums them per channel.</summary>
internal static class TransferJournalReader
{
    public static async Task<IReadOnlyDictionary<string, (long NetMsat, int Count)>> SumAsync(ProviderDaemon provider, CancellationToken cancellationToken)
    {
        var info = await provider.Client.GetInfoAsync(new GetInfoRequest(), provider.Connection.Unary(cancellationToken)).ConfigureAwait(false);
        var sums = new Dictionary<string, (long NetMsat, int Count)>(StringComparer.Ordinal);
        if (info.LastTransferSequence == 0)
        {
            return sums;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        using var call = provider.Client.SubscribeTransfers(new SubscribeTransfersRequest { AfterSequence = 0 }, provider.Connection.Stream(limit.Token));
        ulong expected = 1;
        while (await call.ResponseStream.MoveNext(limit.Token).ConfigureAwait(false))
        {
            var transfer = call.ResponseStream.Current;
            if (transfer.Sequence != expected)
            {
                throw new DemoFailedException($"SubscribeTransfers sent sequence {transfer.Sequence} where {expected} was due");
            }

            long signed = transfer.Direction == TransferDirection.Received ? (long)transfer.AmountMsat : -(long)transfer.AmountMsat;
            var (net, count) = sums.GetValueOrDefault(transfer.ChannelId);
            sums[transfer.ChannelId] = (net + signed, count + 1);
            if (transfer.Sequence == info.LastTransferSequence)
            {
                break;
            }

            expected++;
        }

        return sums;
    }
}
