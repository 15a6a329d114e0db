using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Channels.Transport;

/// <summary>
/// What a completed BOLT 8 handshake yields: the peer's authenticated static key
/// (its node id) and the two independent cipher directions, each starting at nonce 0
/// with the final chaining key (BOLT 8, Act Three: "rn = 0, sn = 0", "rck = sck = ck").
/// </summary>
public sealed class NoiseSession : IDisposable
{
    public NoiseSession(PublicKey remoteStaticKey, NoiseMessageEncryptor encryptor, NoiseMessageDecryptor decryptor)
    {
        ArgumentNullException.ThrowIfNull(remoteStaticKey);
        ArgumentNullException.ThrowIfNull(encryptor);
        ArgumentNullException.ThrowIfNull(decryptor);
        RemoteStaticKey = remoteStaticKey;
        Encryptor = encryptor;
        Decryptor = decryptor;
    }

    public PublicKey RemoteStaticKey { get; }

    public NoiseMessageEncryptor Encryptor { get; }

    public NoiseMessageDecryptor Decryptor { get; }

    public void Dispose()
    {
        Encryptor.Dispose();
        Decryptor.Dispose();
    }
}
