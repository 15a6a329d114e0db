namespace Microchannels.Bitcoin.Crypto;

/// <summary>
/// The elliptic-curve operations that cost tens of microseconds each, counted on the way
/// in (<see cref="Secp256k1Statistics"/>), so a load run can price the libsecp256k1 work it
/// did with per-operation costs measured in the same process. An uncontended counter
/// increment costs nanoseconds against 20–60 µs per call.
/// </summary>
internal static unsafe partial class Secp256k1Native
{
    internal static int EcdsaSign(nint context, byte* signature64, byte* messageHash32, byte* secretKey32, nint nonceFunction, nint nonceData)
    {
        Secp256k1Statistics.Count(Secp256k1Operation.Sign);
        return EcdsaSignImport(context, signature64, messageHash32, secretKey32, nonceFunction, nonceData);
    }

    internal static int EcdsaVerify(nint context, byte* signature64, byte* messageHash32, byte* pubKey64)
    {
        Secp256k1Statistics.Count(Secp256k1Operation.Verify);
        return EcdsaVerifyImport(context, signature64, messageHash32, pubKey64);
    }

    internal static int EcPubKeyCreate(nint context, byte* pubKey64, byte* secretKey32)
    {
        Secp256k1Statistics.Count(Secp256k1Operation.PublicKeyCreate);
        return EcPubKeyCreateImport(context, pubKey64, secretKey32);
    }

    internal static int EcPubKeyTweakAdd(nint context, byte* pubKey64, byte* tweak32)
    {
        Secp256k1Statistics.Count(Secp256k1Operation.PublicKeyTweakAdd);
        return EcPubKeyTweakAddImport(context, pubKey64, tweak32);
    }

    internal static int EcPubKeyTweakMul(nint context, byte* pubKey64, byte* tweak32)
    {
        Secp256k1Statistics.Count(Secp256k1Operation.PublicKeyTweakMul);
        return EcPubKeyTweakMulImport(context, pubKey64, tweak32);
    }

    internal static int EcPubKeyCombine(nint context, byte* pubKeyOut64, byte** pubKeysIn, nuint count)
    {
        Secp256k1Statistics.Count(Secp256k1Operation.PublicKeyCombine);
        return EcPubKeyCombineImport(context, pubKeyOut64, pubKeysIn, count);
    }

    internal static int Ecdh(nint context, byte* output32, byte* pubKey64, byte* secretKey32, nint hashFunction, nint data)
    {
        Secp256k1Statistics.Count(Secp256k1Operation.Ecdh);
        return EcdhImport(context, output32, pubKey64, secretKey32, hashFunction, data);
    }
}
