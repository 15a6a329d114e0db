using System.Diagnostics;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Transport;
using Xunit.Abstractions;

namespace Microchannels.Channels.Tests.Transport;

/// <summary>Many messages both ways at once: ordering, content, key rotation, backpressure, clean close.</summary>
public sealed class NoiseTransportThroughputTests(ITestOutputHelper output) : LoopbackTest
{
    [Fact]
    public async Task One_hundred_thousand_messages_each_way_arrive_in_order_then_both_sides_close_cleanly()
    {
        const int count = 100_000;
        var (initiator, responder) = await Listener.ConnectPairAsync(InitiatorKey, ResponderKey);
        await using (initiator)
        await using (responder)
        {
            var clock = Stopwatch.StartNew();

            // Each message is 2 * 2 = 4 nonces' worth of rotation bookkeeping: 100k messages
            // cross 200 key rotations per direction (BOLT 8: every 500 messages).
            var run = Task.WhenAll(
                SendAllThenCloseAsync(initiator, count, seed: 1),
                SendAllThenCloseAsync(responder, count, seed: 2),
                ReceiveAllThenNullAsync(responder, count, seed: 1),
                ReceiveAllThenNullAsync(initiator, count, seed: 2));
            await run.WaitAsync(TimeSpan.FromSeconds(50));

            clock.Stop();
            double perSecond = 2 * count / clock.Elapsed.TotalSeconds;
            output.WriteLine($"{2 * count} messages (100k each way, 6-205 bytes) in {clock.Elapsed.TotalMilliseconds:F0} ms: {perSecond:F0} messages/s in total, {perSecond / 2:F0} per direction.");
        }
    }

    [Fact]
    public async Task Concurrent_senders_on_one_transport_each_keep_their_own_order()
    {
        const int senders = 4;
        const int perSender = 5_000;
        var (initiator, responder) = await Listener.ConnectPairAsync(InitiatorKey, ResponderKey);
        await using (initiator)
        await using (responder)
        {
            var sending = Task.WhenAll(Enumerable.Range(0, senders).Select(sender => Task.Run(async () =>
            {
                for (int i = 0; i < perSender; i++)
                {
                    await initiator.SendAsync(CustomType.Append((byte)sender).Concat(BitConverter.GetBytes(i)).ToArray());
                }
            })));

            var next = new int[senders];
            for (int received = 0; received < senders * perSender; received++)
            {
                var message = (await responder.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience))!.Value.ToArray();
                int sender = message[2];
                Assert.Equal(next[sender]++, BitConverter.ToInt32(message, 3));
            }

            await sending.WaitAsync(Loopback.Patience);
            Assert.All(next, n => Assert.Equal(perSender, n));
        }
    }

    // The transport carries BOLT 1 messages and keeps types 18 and 19 (ping, pong) for
    // itself, so test payloads start with an odd type from the custom range.
    private static readonly byte[] CustomType = [0x80, 0x01];

    private static byte[] Message(int index, int seed)
    {
        var message = new byte[6 + (index % 200)];
        CustomType.CopyTo(message, 0);
        BitConverter.TryWriteBytes(message.AsSpan(2), index);
        for (int i = 6; i < message.Length; i++)
        {
            message[i] = (byte)((index * 31) + (i * seed));
        }

        return message;
    }

    private static async Task SendAllThenCloseAsync(NoiseTransport transport, int count, int seed)
    {
        for (int i = 0; i < count; i++)
        {
            await transport.SendAsync(Message(i, seed));
        }

        await transport.CloseAsync();
    }

    private static async Task ReceiveAllThenNullAsync(NoiseTransport transport, int count, int seed)
    {
        for (int i = 0; i < count; i++)
        {
            var received = await transport.ReceiveAsync();
            Assert.True(received.HasValue, $"The stream ended after {i} of {count} messages.");
            Assert.True(received.Value.Span.SequenceEqual(Message(i, seed)), $"Message {i} arrived altered or out of order.");
        }

        Assert.Null(await transport.ReceiveAsync());
    }
}
