using BenchmarkDotNet.Attributes;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Benchmarks;

/// <summary>
/// Each operation twice: through our wrapper (validation, allocation, marshalling)
/// and as the bare libsecp256k1 call on pre-parsed buffers, so the managed overhead
/// is the difference between the two rows.
/// </summary>
[MemoryDiagnoser]
public unsafe class Secp256k1Benchmarks
{
    private readonly byte[] _hash = Hashes.Sha256("microchannels benchmark"u8);
    private readonly byte[] _tweak = Hashes.Sha256("tweak"u8);
    private readonly byte[] _secret = Hashes.Sha256("secret"u8);
    private readonly byte[] _nativePubKey = new byte[64];
    private readonly byte[] _nativeRemotePubKey = new byte[64];
    private readonly byte[] _nativeSignature = new byte[64];
    private readonly byte[] _scratch64 = new byte[64];
    private readonly byte[] _scratch32 = new byte[32];
    private PrivateKey _key = null!;
    private PublicKey _remote = null!;
    private EcdsaSignature _signature = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = PrivateKey.FromBytes(_secret);
        using var remoteKey = PrivateKey.FromBytes(Hashes.Sha256("remote"u8));
        _remote = remoteKey.PublicKey;
        _signature = _key.Sign(_hash);
        var ctx = Secp256k1Native.Context;
        fixed (byte* pub = _nativePubKey, sec = _secret, remotePub = _nativeRemotePubKey, sig = _nativeSignature, compact = _signature.ToCompact())
        {
            Secp256k1Native.EcPubKeyCreate(ctx, pub, sec);
            var remoteBytes = _remote.ToBytes();
            fixed (byte* rb = remoteBytes)
            {
                Secp256k1Native.EcPubKeyParse(ctx, remotePub, rb, 33);
            }

            Secp256k1Native.EcdsaSignatureParseCompact(ctx, sig, compact);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    [Benchmark]
    public EcdsaSignature Sign() => _key.Sign(_hash);

    [Benchmark]
    public int SignNative()
    {
        fixed (byte* sig = _scratch64, msg = _hash, sec = _secret)
        {
            return Secp256k1Native.EcdsaSign(Secp256k1Native.Context, sig, msg, sec, 0, 0);
        }
    }

    [Benchmark]
    public bool Verify() => _key.PublicKey.Verify(_hash, _signature);

    [Benchmark]
    public int VerifyNative()
    {
        fixed (byte* sig = _nativeSignature, msg = _hash, pub = _nativePubKey)
        {
            return Secp256k1Native.EcdsaVerify(Secp256k1Native.Context, sig, msg, pub);
        }
    }

    [Benchmark]
    public byte[] Ecdh() => _key.Ecdh(_remote);

    [Benchmark]
    public int EcdhNative()
    {
        fixed (byte* output = _scratch32, pub = _nativeRemotePubKey, sec = _secret)
        {
            return Secp256k1Native.Ecdh(Secp256k1Native.Context, output, pub, sec, 0, 0);
        }
    }

    [Benchmark]
    public PublicKey PublicKeyTweakAdd() => _remote.TweakAdd(_tweak);

    [Benchmark]
    public int PublicKeyTweakAddNative()
    {
        _nativeRemotePubKey.CopyTo(_scratch64, 0);
        fixed (byte* pub = _scratch64, tweak = _tweak)
        {
            return Secp256k1Native.EcPubKeyTweakAdd(Secp256k1Native.Context, pub, tweak);
        }
    }

    [Benchmark]
    public PublicKey PublicKeyTweakMultiply() => _remote.TweakMultiply(_tweak);

    [Benchmark]
    public int PublicKeyTweakMultiplyNative()
    {
        _nativeRemotePubKey.CopyTo(_scratch64, 0);
        fixed (byte* pub = _scratch64, tweak = _tweak)
        {
            return Secp256k1Native.EcPubKeyTweakMul(Secp256k1Native.Context, pub, tweak);
        }
    }

    [Benchmark]
    public int PublicKeyCreateNative()
    {
        fixed (byte* pub = _scratch64, sec = _secret)
        {
            return Secp256k1Native.EcPubKeyCreate(Secp256k1Native.Context, pub, sec);
        }
    }

    [Benchmark]
    public int PublicKeyCombineNative()
    {
        fixed (byte* output = _scratch64, a = _nativePubKey, b = _nativeRemotePubKey)
        {
            byte** keys = stackalloc byte*[2];
            keys[0] = a;
            keys[1] = b;
            return Secp256k1Native.EcPubKeyCombine(Secp256k1Native.Context, output, keys, 2);
        }
    }

    [Benchmark]
    public void PrivateKeyTweakAdd()
    {
        using var tweaked = _key.TweakAdd(_tweak);
    }

    [Benchmark]
    public int PrivateKeyTweakAddNative()
    {
        _secret.CopyTo(_scratch32, 0);
        fixed (byte* sec = _scratch32, tweak = _tweak)
        {
            return Secp256k1Native.EcSecKeyTweakAdd(Secp256k1Native.Context, sec, tweak);
        }
    }
}
