namespace Microchannels.Bitcoin.Crypto;

/// <summary>The libsecp256k1 calls whose cost dominates (each a scalar multiplication or more).</summary>
public enum Secp256k1Operation
{
    Sign,
    Verify,
    PublicKeyCreate,
    PublicKeyTweakAdd,
    PublicKeyTweakMul,
    PublicKeyCombine,
    Ecdh,
}
