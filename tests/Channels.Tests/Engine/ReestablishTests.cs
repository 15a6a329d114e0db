using Microchannels.Bitcoin;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Keys;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine;

/// <summary>BOLT 2 "Message Retransmission": a disconnection at every point of the exchange.</summary>
public class ReestablishTests
{
    /// <summary>
    /// A scripted exchange with transfers both ways; the connection drops after
    /// <paramref name="deliveredBeforeDrop"/> deliveries. After reestablish both sides
    /// must agree, and every transfer must be committed exactly once.
    /// </summary>
    [Theory]
    [MemberData(nameof(DropPoints))]
    public void Disconnect_at_any_point_loses_and_doubles_nothing(int deliveredBeforeDrop) => DropAt(deliveredBeforeDrop);

    /// <summary>
    /// BOLT 2: "if next_commitment_number is 1 in both the channel_reestablish it sent and
    /// received: MUST retransmit channel_ready, otherwise: MUST NOT retransmit channel_ready."
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Channel_ready_is_retransmitted_exactly_while_no_commitment_was_signed(bool afterOneTransfer)
    {
        using var pair = new ChannelPair();
        if (afterOneTransfer)
        {
            pair.MeterPays(1_000);
            pair.Settle();
        }

        var theirs = pair.Provider.CreateReestablish(pair.ProviderSigner);
        var result = pair.Meter.ReceiveReestablish(theirs, pair.MeterSigner);
        var ready = result.Retransmit.OfType<ChannelReady>().ToList();
        if (afterOneTransfer)
        {
            Assert.Empty(ready);
        }
        else
        {
            Assert.Equal(new Point(pair.MeterSigner.GetPerCommitmentPoint(1).AsSpan()), Assert.Single(ready).SecondPerCommitmentPoint);
            Assert.IsType<ChannelReady>(result.Retransmit[0]);
        }
    }

    private static (int Retransmitted, int Reproposed) DropAt(int deliveredBeforeDrop)
    {
        using var pair = new ChannelPair(meterInitialMsat: 600_000_000);
        pair.MeterPays(1_000);
        pair.Settle();

        pair.MeterPays(2_000);
        pair.MeterPays(3_000);
        pair.ProviderRefunds(500);
        pair.MeterSigns();
        pair.ProviderSigns();

        // Pipelined behind the commitments in flight, not yet signed.
        pair.MeterPays(4_000);
        pair.ProviderRefunds(250);
        int delivered = 0;
        while (delivered < deliveredBeforeDrop && pair.MessagesInFlight > 0)
        {
            if (pair.MessagesToProvider > 0)
            {
                pair.DeliverToProvider();
            }
            else
            {
                pair.DeliverToMeter();
            }

            delivered++;
            pair.MeterSigns();
            pair.ProviderSigns();
        }

        pair.Disconnect();
        pair.Reconnect();
        pair.Settle();

        AssertAgreeAndExact(pair, meterMsat: 600_000_000 - 1_000 - 2_000 - 3_000 + 500 - 4_000 + 250);
        return (pair.Retransmitted, pair.Reproposed);
    }

    [Fact]
    public void The_drop_points_cover_retransmission_and_reproposal()
    {
        var outcomes = Enumerable.Range(0, 25).Select(DropAt).ToList();
        Assert.Contains(outcomes, o => o.Retransmitted > 0);
        Assert.Contains(outcomes, o => o.Reproposed > 0);
        Assert.Contains(outcomes, o => o is { Retransmitted: 0, Reproposed: 0 }); // dropped after everything settled
        Assert.Contains(outcomes, o => o is { Retransmitted: > 0, Reproposed: > 0 });
    }

    public static TheoryData<int> DropPoints()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < 25; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void Repeated_disconnects_during_streaming_settle_exactly()
    {
        using var pair = new ChannelPair(meterInitialMsat: 900_000_000);
        var random = new Random(7);
        ulong paid = 0, refunded = 0;
        for (int round = 0; round < 300; round++)
        {
            for (int i = random.Next(0, 4); i > 0; i--)
            {
                ulong amount = (ulong)random.Next(1, 5_000);
                pair.MeterPays(amount);
                paid += amount;
            }

            if (random.Next(3) == 0)
            {
                ulong amount = (ulong)random.Next(1, 2_000);
                pair.ProviderRefunds(amount);
                refunded += amount;
            }

            pair.MeterSigns();
            pair.ProviderSigns();
            for (int i = random.Next(0, 6); i > 0 && pair.MessagesInFlight > 0; i--)
            {
                if (pair.MessagesToProvider > 0 && (random.Next(2) == 0 || pair.MessagesToMeter == 0))
                {
                    pair.DeliverToProvider();
                }
                else
                {
                    pair.DeliverToMeter();
                }

                pair.MeterSigns();
                pair.ProviderSigns();
            }

            if (random.Next(5) == 0)
            {
                pair.Disconnect();
                pair.Reconnect();
            }
        }

        pair.Settle();
        AssertAgreeAndExact(pair, meterMsat: 900_000_000 - paid + refunded);
    }

    [Fact]
    public void A_restored_old_backup_detects_it_is_behind_and_must_not_broadcast()
    {
        using var pair = new ChannelPair();
        pair.MeterPays(1_000);
        pair.Settle();
        var backup = pair.Meter;
        pair.MeterPays(2_000);
        pair.Settle();
        pair.MeterPays(3_000);
        pair.Settle();

        // The meter restarts from the old backup; the provider is up to date.
        var error = Assert.Throws<RemoteHasNewerStateException>(() =>
            backup.ReceiveReestablish(pair.Provider.CreateReestablish(pair.ProviderSigner), pair.MeterSigner));
        Assert.True(RemoteHasNewerStateException.MustNotBroadcast);
        Assert.True(error.TheirNextRevocationNumber > error.OurLocalCommitNumber);

        // The provider, for its part, sees a peer that is behind and refuses to go on.
        Assert.ThrowsAny<ChannelException>(() => pair.Provider.ReceiveReestablish(backup.CreateReestablish(pair.MeterSigner), pair.ProviderSigner));
    }

    [Fact]
    public void A_peer_claiming_a_newer_state_without_proof_is_rejected()
    {
        using var pair = new ChannelPair();
        pair.MeterPays(1_000);
        pair.Settle();
        var honest = pair.Provider.CreateReestablish(pair.ProviderSigner);
        var lying = honest with { NextRevocationNumber = honest.NextRevocationNumber + 5, YourLastPerCommitmentSecret = new Secret(new byte[32] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 }) };
        Assert.Throws<InvalidReestablishSecretException>(() => pair.Meter.ReceiveReestablish(lying, pair.MeterSigner));
    }

    [Fact]
    public void A_wrong_last_secret_or_numbers_are_rejected()
    {
        using var pair = new ChannelPair();
        pair.MeterPays(1_000);
        pair.Settle();
        pair.MeterPays(1_000);
        pair.Settle();
        var honest = pair.Provider.CreateReestablish(pair.ProviderSigner);

        Assert.Throws<InvalidReestablishSecretException>(() =>
            pair.Meter.ReceiveReestablish(honest with { YourLastPerCommitmentSecret = Secret.Zero }, pair.MeterSigner));
        Assert.Throws<ReestablishMismatchException>(() =>
            pair.Meter.ReceiveReestablish(honest with { NextCommitmentNumber = honest.NextCommitmentNumber + 3 }, pair.MeterSigner));
        Assert.Throws<ReestablishMismatchException>(() =>
            pair.Meter.ReceiveReestablish(honest with { NextCommitmentNumber = 0 }, pair.MeterSigner));
        Assert.Throws<WrongChannelException>(() =>
            pair.Meter.ReceiveReestablish(honest with { ChannelId = ChannelId.All }, pair.MeterSigner));

        // The honest message still reestablishes cleanly, with nothing to retransmit.
        var result = pair.Meter.ReceiveReestablish(honest, pair.MeterSigner);
        Assert.Empty(result.Retransmit);
    }

    [Fact]
    public void Revocation_and_commitment_are_retransmitted_in_their_original_order()
    {
        using var pair = new ChannelPair();
        pair.MeterPays(1_000);
        pair.DeliverToProvider();
        pair.MeterSigns();
        pair.DeliverToProvider(); // provider: revoke_and_ack queued for the meter
        pair.ProviderSigns();     // provider: commitment_signed queued after it
        pair.Disconnect();        // both lost

        var result = pair.Provider.ReceiveReestablish(pair.Meter.CreateReestablish(pair.MeterSigner), pair.ProviderSigner);
        Assert.Collection(result.Retransmit, m => Assert.IsType<RevokeAndAck>(m), m => Assert.IsType<CommitmentSigned>(m));

        pair.Reconnect();
        pair.Settle();
        AssertAgreeAndExact(pair, meterMsat: (ChannelPair.FundingSatoshis * 1000) - 1_000);
    }

    internal static void AssertAgreeAndExact(ChannelPair pair, long meterMsat) => AssertAgreeAndExact(pair, (ulong)meterMsat);

    internal static void AssertAgreeAndExact(ChannelPair pair, ulong meterMsat)
    {
        Assert.Equal(0, pair.MessagesInFlight);
        Assert.False(pair.Meter.AwaitingRevocation);
        Assert.False(pair.Provider.AwaitingRevocation);
        Assert.Equal(pair.Meter.LocalCommit.Spec, pair.Provider.RemoteCommit.Spec);
        Assert.Equal(pair.Provider.LocalCommit.Spec, pair.Meter.RemoteCommit.Spec);
        Assert.Equal(pair.Meter.LocalCommit.Spec, pair.Provider.LocalCommit.Spec.Mirror());
        Assert.Equal(new MilliSatoshis(meterMsat), pair.Meter.LocalCommit.Spec.ToLocal);
        Assert.Equal(new MilliSatoshis((ulong)(ChannelPair.FundingSatoshis * 1000) - meterMsat), pair.Meter.LocalCommit.Spec.ToRemote);

        // Every commitment either side ever signed for the other is the current one or
        // revoked, with its secret stored.
        foreach (var side in new[] { pair.Meter, pair.Provider })
        {
            for (ulong n = 0; n < side.RemoteCommit.Index; n++)
            {
                Assert.NotNull(side.RemoteSecrets.GetSecret(CommitmentIndex.FromCommitmentNumber(n)));
            }

            Assert.Null(side.RemoteSecrets.GetSecret(CommitmentIndex.FromCommitmentNumber(side.RemoteCommit.Index)));
        }
    }
}
