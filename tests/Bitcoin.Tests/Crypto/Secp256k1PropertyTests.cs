using FsCheck;
using FsCheck.Fluent;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Bitcoin.Tests.Crypto;

public class Secp256k1PropertyTests
{
    private static readonly Config Thousand = Config.QuickThrowOnFailure.WithMaxTest(1000);

    private static readonly Gen<byte[]> Bytes32 = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 32);

    // Random 32-byte strings that are valid secrets (all but about 2^-128 of them).
    private static readonly Arbitrary<byte[]> Secrets = Arb.From(Bytes32.Where(IsValidSecret));

    private static readonly Arbitrary<byte[]> Hashes32 = Arb.From(Bytes32);

    [Fact]
    public void Sign_then_verify_holds_and_signatures_are_low_s_and_deterministic()
    {
        Check.One(Thousand, Prop.ForAll(Secrets, Hashes32, (secret, hash) =>
        {
            using var key = PrivateKey.FromBytes(secret);
            var signature = key.Sign(hash);

            return signature.IsLowS
                && key.PublicKey.Verify(hash, signature)
                && key.Sign(hash).Equals(signature)
                && EcdsaSignature.FromDer(signature.ToDer()).Equals(signature)
                && EcdsaSignature.FromCompact(signature.ToCompact()).Equals(signature);
        }));
    }

    [Fact]
    public void Private_and_public_tweaks_agree()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Secrets, Secrets, (secret, tweak) =>
        {
            using var key = PrivateKey.FromBytes(secret);
            using var multiplied = key.TweakMultiply(tweak);
            var multipliedPublicAgrees = multiplied.PublicKey.Equals(key.PublicKey.TweakMultiply(tweak));

            // An additive tweak hits zero only if tweak = n - secret (probability 2^-256).
            using var added = key.TweakAdd(tweak);
            return multipliedPublicAgrees && added.PublicKey.Equals(key.PublicKey.TweakAdd(tweak));
        }));
    }

    [Fact]
    public void Ecdh_is_symmetric_for_random_keys()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Secrets, Secrets, (secretA, secretB) =>
        {
            using var a = PrivateKey.FromBytes(secretA);
            using var b = PrivateKey.FromBytes(secretB);
            return a.Ecdh(b.PublicKey).AsSpan().SequenceEqual(b.Ecdh(a.PublicKey));
        }));
    }

    private static bool IsValidSecret(byte[] secret)
    {
        try
        {
            using var key = PrivateKey.FromBytes(secret);
            return true;
        }
        catch (InvalidKeyException)
        {
            return false;
        }
    }
}
