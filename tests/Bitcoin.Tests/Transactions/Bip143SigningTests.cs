using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Bitcoin.Tests.Transactions;

/// <summary>
/// BIP 143 "Example", signed with the BIP's private keys: our RFC 6979 signature (low-S,
/// plus the hash-type byte) must be exactly the one in the BIP's signed transaction, so
/// the signed transaction is reproduced byte for byte.
/// </summary>
public class Bip143SigningTests
{
    public static TheoryData<string, int> SigningsWithKeys()
    {
        var data = new TheoryData<string, int>();
        foreach (var vector in Bip143Vectors.All)
        {
            for (int i = 0; i < vector.Signings.Count; i++)
            {
                if (vector.Signings[i] is { PrivateKeyHex: not null, SignatureHex: not null })
                {
                    data.Add(vector.Name, i);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Every_example_with_a_private_key_is_covered()
    {
        Assert.True(SigningsWithKeys().Count >= 12, $"only {SigningsWithKeys().Count} signings carry a key and a signature");
    }

    [Theory]
    [MemberData(nameof(SigningsWithKeys))]
    public void Our_signature_is_the_one_in_the_signed_transaction(string vectorName, int signingIndex)
    {
        var vector = Bip143Vectors.All.Single(v => v.Name == vectorName);
        var signing = vector.Signings[signingIndex];
        byte[] sighash = Bip143Tests.SignatureHash(vector, signing);

        using var key = PrivateKey.FromBytes(Convert.FromHexString(signing.PrivateKeyHex!));
        if (signing.PublicKeyHex is not null)
        {
            Assert.Equal(signing.PublicKeyHex, key.PublicKey.ToString());
        }

        var signature = key.Sign(sighash);
        byte[] withHashType = [.. signature.ToDer(), (byte)signing.HashType];
        Assert.Equal(signing.SignatureHex, Convert.ToHexStringLower(withHashType));
    }
}
