using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Transport;

namespace Microchannels.Channels.Tests.Transport;

/// <summary>A consumer that stops reading stalls its sender instead of growing a queue.</summary>
public sealed class NoiseTransportBackpressureTests : IDisposable
{
    private const int Largest = NoiseMessageEncryptor.MaxMessageLength;

    private readonly Loopback _loopback = Loopback.Start();
    private readonly PrivateKey _senderKey = PrivateKey.Generate();
    private readonly PrivateKey _receiverKey = PrivateKey.Generate();

    public void Dispose()
    {
        _loopback.Dispose();
        _senderKey.Dispose();
        _receiverKey.Dispose();
    }

    [Fact]
    public async Task SendAsync_stalls_while_the_receiver_does_not_read_then_everything_arrives()
    {
        // The receiver pings fast; while its own application is not reading, that silence
        // must not be taken for a dead peer.
        var receiverOptions = TransportOptions.Default with
        {
            ReceiveQueueCapacity = 1,
            PingInterval = TimeSpan.FromMilliseconds(100),
            PingTimeout = TimeSpan.FromMilliseconds(300),
        };
        var senderOptions = TransportOptions.Default with { PingInterval = Timeout.InfiniteTimeSpan };
        var (sender, receiver) = await _loopback.ConnectPairAsync(_senderKey, _receiverKey, senderOptions, receiverOptions);
        await using (sender)
        await using (receiver)
        {
            // Kernel buffers on loopback hold a few MB; 2000 messages are 131 MB.
            const int giveUpAfter = 2000;
            int completed = 0;
            Task pending;
            while (true)
            {
                pending = sender.SendAsync(Message(completed)).AsTask();
                var stallWindow = Task.Delay(TimeSpan.FromSeconds(1));
                if (await Task.WhenAny(pending, stallWindow) == stallWindow)
                {
                    break;
                }

                await pending;
                completed++;
                Assert.True(completed < giveUpAfter, "SendAsync never waited for the reader: the send path is not bounded.");
            }

            // The send still pending when the window closed goes through once we read.
            for (int i = 0; i <= completed; i++)
            {
                var received = await receiver.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience);
                Assert.True(received!.Value.Span.SequenceEqual(Message(i)), $"Message {i} arrived altered or out of order.");
            }

            await pending.WaitAsync(Loopback.Patience);
            await sender.CloseAsync();
            Assert.Null(await receiver.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience));
        }
    }

    private static byte[] Message(int index)
    {
        var message = new byte[Largest];
        message[0] = 0x80;
        message[1] = 0x01;
        BitConverter.TryWriteBytes(message.AsSpan(2), index);
        message[^1] = (byte)index;
        return message;
    }
}
