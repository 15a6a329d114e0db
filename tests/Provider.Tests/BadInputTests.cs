using Google.Protobuf;
using Grpc.Core;
using Microchannels.Provider.Api.V1;
using Microchannels.Provider.Tests.Support;

namespace Microchannels.Provider.Tests;

/// <summary>Requests no generated client would send: raw bytes on the wire. Each gets its status and the daemon keeps serving.</summary>
[Collection(OpenChannelsCollection.Name)]
public sealed class BadInputTests(OpenChannelsFixture fixture)
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    [Fact]
    public async Task Malformed_protobuf_is_refused_without_exception_text_and_the_daemon_keeps_serving()
    {
        // A length-delimited field whose length runs past the end, and a varint longer than 64 bits.
        byte[][] malformed = [[0x0A, 0x7F, 0x01], [0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]];
        foreach (byte[] body in malformed)
        {
            var failure = await Assert.ThrowsAsync<RpcException>(() => CallAsync("SendTransfer", body));
            Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
            Assert.DoesNotContain("   at ", failure.Status.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("InvalidProtocolBufferException", failure.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(fixture.Daemon.NodeId.ToString(), (await fixture.ReadOnly.GetInfoAsync(new GetInfoRequest())).NodeId);
    }

    [Fact]
    public async Task Unknown_fields_are_ignored()
    {
        var request = new GetChannelRequest { MeterNodeId = fixture.A.NodeKey.PublicKey.ToString() }.ToByteArray();

        // Field 99, varint 1, and field 100, a length-delimited "x": from a newer client.
        byte[] withUnknown = [.. request, 0x98, 0x06, 0x01, 0xA2, 0x06, 0x01, (byte)'x'];
        var channel = Channel.Parser.ParseFrom(await CallAsync("GetChannel", withUnknown));
        Assert.Equal(fixture.A.State.ChannelId.ToHex(), channel.ChannelId);
    }

    [Fact]
    public async Task A_request_above_the_size_limit_is_RESOURCE_EXHAUSTED()
    {
        var huge = new GetChannelRequest { MeterNodeId = new string('0', 2 << 20) }.ToByteArray();
        var failure = await Assert.ThrowsAsync<RpcException>(() => CallAsync("GetChannel", huge));
        Assert.Equal(StatusCode.ResourceExhausted, failure.StatusCode);
        Assert.NotEmpty((await fixture.ReadOnly.GetInfoAsync(new GetInfoRequest())).NodeId);
    }

    private async Task<byte[]> CallAsync(string method, byte[] body)
    {
        var invoker = fixture.Daemon.Channel(fixture.Daemon.AdminToken).CreateCallInvoker();
        var descriptor = new Method<byte[], byte[]>(MethodType.Unary, "microchannels.provider.v1.ProviderService", method, Raw, Raw);
        return await invoker.AsyncUnaryCall(descriptor, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20)), body);
    }
}
