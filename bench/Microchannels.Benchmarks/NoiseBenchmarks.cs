using BenchmarkDotNet.Attributes;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Transport;

namespace Microchannels.Benchmarks;

/// <summary>
/// BOLT 8: a complete Noise_XK handshake, both sides in memory (three acts; each
/// side generates an ephemeral key and performs three ECDH: es, ee, se), and one
/// message through the length-prefixed ChaCha20-Poly1305 framing. The handshake's
/// native floor is six ECDH plus two key generations, measured in
/// <see cref="Secp256k1Benchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class NoiseBenchmarks
{
    private PrivateKey _initiatorStatic = null!;
    private PrivateKey _responderStatic = null!;
    private NoiseSession _initiator = null!;
    private NoiseSession _responder = null!;
    private byte[] _message = null!;
    private byte[] _packet = null!;

    [Params(32, 1024)]
    public int MessageSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _initiatorStatic = PrivateKey.FromBytes(Hashes.Sha256("initiator"u8));
        _responderStatic = PrivateKey.FromBytes(Hashes.Sha256("responder"u8));
        (_initiator, _responder) = Handshake();
        _message = new byte[MessageSize];
        _packet = new byte[NoiseMessageEncryptor.EncryptedLength(MessageSize)];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _initiator.Dispose();
        _responder.Dispose();
        _initiatorStatic.Dispose();
        _responderStatic.Dispose();
    }

    [Benchmark]
    public PublicKey FullHandshake()
    {
        var (initiator, responder) = Handshake();
        using (initiator)
        using (responder)
        {
            return responder.RemoteStaticKey;
        }
    }

    /// <summary>One message encrypted by one side and decrypted by the other.</summary>
    [Benchmark]
    public byte[] EncryptThenDecrypt()
    {
        _initiator.Encryptor.Encrypt(_message, _packet);
        return _responder.Decryptor.Decrypt(_packet);
    }

    private (NoiseSession Initiator, NoiseSession Responder) Handshake()
    {
        using var initiator = NoiseHandshake.CreateInitiator(_initiatorStatic, _responderStatic.PublicKey);
        using var responder = NoiseHandshake.CreateResponder(_responderStatic);
        responder.ReadActOne(initiator.WriteActOne());
        initiator.ReadActTwo(responder.WriteActTwo());
        responder.ReadActThree(initiator.WriteActThree());
        return (initiator.CompleteSession(), responder.CompleteSession());
    }
}
