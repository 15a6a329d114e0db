using Microchannels.Bitcoin;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Tests.Engine;

/// <summary>Transfers streamed both ways through the commitment_signed / revoke_and_ack exchange.</summary>
public class StreamingTransferTests
{
    [Fact]
    public void Ten_thousand_transfers_each_way_interleaved_settle_to_the_exact_msat()
    {
        using var pair = new ChannelPair(meterInitialMsat: 800_000_000);
        var random = new Random(20261122);
        ulong paid = 0, refunded = 0;
        int meterSent = 0, providerSent = 0, commitments = 0;
        while (meterSent < 10_000 || providerSent < 10_000)
        {
            // Several transfers per commitment, from both sides, pipelined while a
            // commitment is in flight.
            for (int i = random.Next(1, 8); i > 0 && meterSent < 10_000; i--, meterSent++)
            {
                ulong amount = (ulong)random.Next(1, 20_000);
                pair.MeterPays(amount);
                paid += amount;
            }

            for (int i = random.Next(0, 8); i > 0 && providerSent < 10_000; i--, providerSent++)
            {
                ulong amount = (ulong)random.Next(1, 15_000);
                pair.ProviderRefunds(amount);
                refunded += amount;
            }

            if (pair.MeterSigns())
            {
                commitments++;
            }

            // Deliver a random part of what is in flight, so signatures cross updates.
            for (int i = random.Next(0, pair.MessagesInFlight + 1); i > 0; i--)
            {
                bool toProvider = random.Next(2) == 0;
                if (toProvider && pair.MessagesToProvider > 0)
                {
                    pair.DeliverToProvider();
                }
                else if (!toProvider && pair.MessagesToMeter > 0)
                {
                    pair.DeliverToMeter();
                }
            }

            if (pair.ProviderSigns())
            {
                commitments++;
            }
        }

        pair.Settle();

        var expectedMeter = 800_000_000UL - paid + refunded;
        var expectedProvider = (ChannelPair.FundingSatoshis * 1000) - 800_000_000L + (long)paid - (long)refunded;
        Assert.Equal(new MilliSatoshis(expectedMeter), pair.Meter.LocalCommit.Spec.ToLocal);
        Assert.Equal(new MilliSatoshis((ulong)expectedProvider), pair.Meter.LocalCommit.Spec.ToRemote);

        // Both sides agree on both commitments, and every commitment but the latest is revoked.
        Assert.Equal(pair.Meter.LocalCommit.Spec, pair.Provider.RemoteCommit.Spec);
        Assert.Equal(pair.Provider.LocalCommit.Spec, pair.Meter.RemoteCommit.Spec);
        Assert.Equal(pair.Meter.LocalCommit.Index, pair.Provider.RemoteCommit.Index);
        Assert.Equal(pair.Provider.LocalCommit.Index, pair.Meter.RemoteCommit.Index);
        Assert.Equal(CommitmentIndexOf(pair.Provider.RemoteCommit.Index - 1), pair.Provider.RemoteSecrets.LowestIndex);
        Assert.Equal(CommitmentIndexOf(pair.Meter.RemoteCommit.Index - 1), pair.Meter.RemoteSecrets.LowestIndex);
        Assert.True(commitments > 1000, $"only {commitments} commitments");
        Assert.Equal(10_000UL, pair.Meter.LocalNextTransferId);
        Assert.Equal(10_000UL, pair.Provider.LocalNextTransferId);

        // Balances plus the fee equal the capacity, on the transaction itself.
        var tx = pair.Meter.BuildLocalCommitment(pair.MeterSigner.GetPerCommitmentPoint(pair.Meter.LocalCommit.Index));
        Assert.Equal(ChannelPair.FundingSatoshis, tx.Transaction.Outputs.Sum(o => o.Value.Value) + tx.Fee.Value);
        Assert.True(pair.Meter.Parameters.Remote.Basepoints.FundingPubKey.Verify(tx.FundingSignatureHash(), pair.Meter.LocalCommit.RemoteSignature));
    }

    [Fact]
    public void A_fee_update_is_committed_on_both_sides()
    {
        using var pair = new ChannelPair();
        var (state, message) = pair.Meter.SendFee(new FeeratePerKw(5000));
        pair.Meter = state;
        pair.Provider = pair.Provider.ReceiveFee(message);
        pair.Settle();
        Assert.Equal(new FeeratePerKw(5000), pair.Meter.LocalCommit.Spec.Feerate);
        Assert.Equal(new FeeratePerKw(5000), pair.Provider.LocalCommit.Spec.Feerate);
        Assert.Equal(pair.Meter.LocalCommit.Spec, pair.Provider.RemoteCommit.Spec);
    }

    [Fact]
    public void Available_to_send_keeps_the_reserve_and_the_fee()
    {
        using var pair = new ChannelPair(meterInitialMsat: 100_000_000, reserve: 10_000);
        // 100,000 sat minus 10,000 sat reserve minus 183 sat fee (253 sat/kw × 724 / 1000).
        Assert.Equal(new MilliSatoshis(89_817_000), pair.Meter.AvailableToSend);
        pair.MeterPays(89_817_000);
        Assert.Equal(MilliSatoshis.Zero, pair.Meter.AvailableToSend);
        pair.Settle();
        Assert.Equal(new MilliSatoshis(10_183_000), pair.Meter.LocalCommit.Spec.ToLocal);
    }

    private static ulong CommitmentIndexOf(ulong number) => Microchannels.Channels.Keys.CommitmentIndex.FromCommitmentNumber(number);
}
