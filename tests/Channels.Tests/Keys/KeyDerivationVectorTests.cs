using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Keys;
using Microchannels.Channels.Tests.Vectors;

namespace Microchannels.Channels.Tests.Keys;

/// <summary>BOLT 3 Appendix E, with the expected values read from the pinned spec.</summary>
public class KeyDerivationVectorTests
{
    private static readonly byte[] BaseSecret = Value("base_secret");
    private static readonly byte[] PerCommitmentSecret = Value("per_commitment_secret");

    [Fact]
    public void Base_point_and_per_commitment_point_match()
    {
        using var baseKey = PrivateKey.FromBytes(BaseSecret);
        Assert.Equal(Value("base_point"), baseKey.PublicKey.ToBytes());
        Assert.Equal(Value("per_commitment_point"), KeyDerivation.PerCommitmentPoint(PerCommitmentSecret).ToBytes());
    }

    [Fact]
    public void Derivation_of_pubkey_from_basepoint_and_per_commitment_point()
    {
        var pubkey = KeyDerivation.DerivePublicKey(PublicKey.FromBytes(Value("base_point")), PublicKey.FromBytes(Value("per_commitment_point")));
        Assert.Equal(Value("localpubkey"), pubkey.ToBytes());
    }

    [Fact]
    public void Derivation_of_private_key_from_basepoint_secret_and_per_commitment_secret()
    {
        using var baseKey = PrivateKey.FromBytes(BaseSecret);
        using var derived = KeyDerivation.DerivePrivateKey(baseKey, PublicKey.FromBytes(Value("per_commitment_point")));
        Assert.Equal(Value("localprivkey"), derived.ToBytes());
        Assert.Equal(Value("localpubkey"), derived.PublicKey.ToBytes());
    }

    [Fact]
    public void Derivation_of_revocation_pubkey_from_basepoint_and_per_commitment_point()
    {
        var revocation = KeyDerivation.DeriveRevocationPublicKey(PublicKey.FromBytes(Value("base_point")), PublicKey.FromBytes(Value("per_commitment_point")));
        Assert.Equal(Value("revocationpubkey"), revocation.ToBytes());
    }

    [Fact]
    public void Derivation_of_revocation_secret_from_basepoint_secret_and_per_commitment_secret()
    {
        using var baseKey = PrivateKey.FromBytes(BaseSecret);
        using var perCommitment = PrivateKey.FromBytes(PerCommitmentSecret);
        using var revocation = KeyDerivation.DeriveRevocationPrivateKey(baseKey, perCommitment);
        Assert.Equal(Value("revocationprivkey"), revocation.ToBytes());
        Assert.Equal(Value("revocationpubkey"), revocation.PublicKey.ToBytes());
    }

    private static byte[] Value(string key)
    {
        var appendix = SpecFile.Appendix("03-transactions.md", "# Appendix E");
        var line = appendix.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        return SpecFile.Hex(line[(key.Length + 1)..].Trim());
    }
}
