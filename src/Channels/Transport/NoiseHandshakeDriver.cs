using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Channels.Transport;

/// <summary>Runs a <see cref="NoiseHandshake"/> over a stream: each act is written or read whole.</summary>
internal static class NoiseHandshakeDriver
{
    public static async Task<NoiseSession> RunInitiatorAsync(Stream stream, PrivateKey localStatic, PublicKey remoteStatic, CancellationToken cancellationToken)
    {
        using var handshake = NoiseHandshake.CreateInitiator(localStatic, remoteStatic);
        await stream.WriteAsync(handshake.WriteActOne(), cancellationToken).ConfigureAwait(false);
        handshake.ReadActTwo(await ReadActAsync(stream, 2, NoiseHandshake.ActTwoLength, cancellationToken).ConfigureAwait(false));
        await stream.WriteAsync(handshake.WriteActThree(), cancellationToken).ConfigureAwait(false);
        return handshake.CompleteSession();
    }

    public static async Task<NoiseSession> RunResponderAsync(Stream stream, PrivateKey localStatic, CancellationToken cancellationToken)
    {
        using var handshake = NoiseHandshake.CreateResponder(localStatic);
        handshake.ReadActOne(await ReadActAsync(stream, 1, NoiseHandshake.ActOneLength, cancellationToken).ConfigureAwait(false));
        await stream.WriteAsync(handshake.WriteActTwo(), cancellationToken).ConfigureAwait(false);
        handshake.ReadActThree(await ReadActAsync(stream, 3, NoiseHandshake.ActThreeLength, cancellationToken).ConfigureAwait(false));
        return handshake.CompleteSession();
    }

    // BOLT 8: "Read exactly 50 bytes from the network buffer." If the stream ends first,
    // the short act goes to the handshake, which rejects it as ACTn_READ_FAILED; a
    // failing stream is the same failure.
    private static async Task<byte[]> ReadActAsync(Stream stream, int act, int length, CancellationToken cancellationToken)
    {
        var buffer = new byte[length];
        try
        {
            int read = await stream.ReadAtLeastAsync(buffer, length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return read == length ? buffer : buffer[..read];
        }
        catch (IOException e)
        {
            throw new NoiseHandshakeException(act, NoiseHandshakeFailure.ReadFailed, "The connection failed while the act was being read.", e);
        }
    }
}
