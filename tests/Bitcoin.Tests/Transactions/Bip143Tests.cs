using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Bitcoin.Tests.Transactions;

/// <summary>BIP 143, "Example": every worked example, one theory row per signature or transaction.</summary>
public class Bip143Tests
{
    public static TheoryData<string> VectorNames => [.. Bip143Vectors.All.Select(vector => vector.Name)];

    /// <summary>(vector name, position of the signing within the vector) for every signing.</summary>
    public static TheoryData<string, int> AllSignings => SigningsWhere(_ => true);

    public static TheoryData<string, int> SegwitSignings => SigningsWhere(signing => signing.IsWitnessV0);

    [Theory]
    [MemberData(nameof(AllSignings))]
    public void Signature_hash_matches_the_vector(string vectorName, int signingIndex)
    {
        Bip143Vector vector = Find(vectorName);
        Bip143Signing signing = vector.Signings[signingIndex];
        Assert.Equal(signing.ExpectedSigHashHex, Convert.ToHexStringLower(SignatureHash(vector, signing)));
    }

    [Theory]
    [MemberData(nameof(SegwitSignings))]
    public void Signature_hash_ignores_scriptSigs_and_witnesses(string vectorName, int signingIndex)
    {
        Bip143Vector vector = Find(vectorName);
        Bip143Signing signing = vector.Signings[signingIndex];
        Transaction signed = TransactionSerializer.ParseHex(vector.SignedTxHex);

        byte[] sighash = SegwitV0SignatureHash.Compute(
            signed, signing.InputIndex, Script.FromHex(signing.ScriptCodeHex), new Satoshis(signing.Amount), signing.HashType);

        Assert.Equal(signing.ExpectedSigHashHex, Convert.ToHexStringLower(sighash));
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void One_cache_serves_every_segwit_signing_of_a_transaction(string vectorName)
    {
        Bip143Vector vector = Find(vectorName);
        var cache = new SegwitV0SighashCache(TransactionSerializer.ParseHex(vector.UnsignedTxHex));

        foreach (Bip143Signing signing in vector.Signings.Where(s => s.IsWitnessV0))
        {
            byte[] sighash = SegwitV0SignatureHash.Compute(
                cache, signing.InputIndex, Script.FromHex(signing.ScriptCodeHex), new Satoshis(signing.Amount), signing.HashType);
            Assert.Equal(signing.ExpectedSigHashHex, Convert.ToHexStringLower(sighash));
        }
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Unsigned_and_signed_transactions_reserialize_byte_for_byte(string vectorName)
    {
        Bip143Vector vector = Find(vectorName);
        foreach (string hex in new[] { vector.UnsignedTxHex, vector.SignedTxHex })
        {
            Transaction tx = TransactionSerializer.ParseHex(hex);
            Assert.Equal(hex, Convert.ToHexStringLower(TransactionSerializer.Serialize(tx)));
        }
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Signed_transaction_is_the_unsigned_one_plus_scriptSigs_and_witnesses(string vectorName)
    {
        Bip143Vector vector = Find(vectorName);
        Transaction unsigned = TransactionSerializer.ParseHex(vector.UnsignedTxHex);
        Transaction signed = TransactionSerializer.ParseHex(vector.SignedTxHex);

        Transaction stripped = signed.WithInputs(signed.Inputs.Select(input => input with { ScriptSig = Script.Empty, Witness = Witness.Empty }));

        Assert.False(unsigned.HasWitness);
        Assert.True(signed.HasWitness);
        Assert.Equal(unsigned, stripped);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Signed_transaction_ids_and_weight_are_consistent(string vectorName)
    {
        Transaction signed = TransactionSerializer.ParseHex(Find(vectorName).SignedTxHex);
        byte[] full = TransactionSerializer.Serialize(signed);
        byte[] stripped = TransactionSerializer.Serialize(signed, includeWitness: false);

        Assert.Equal(new TxId(Hashes.Hash256(stripped)), signed.GetTxId());
        Assert.Equal(new TxId(Hashes.Hash256(full)), signed.GetWitnessTxId());
        Assert.NotEqual(signed.GetTxId(), signed.GetWitnessTxId());
        Assert.Equal(signed.GetTxId(), signed.WithoutWitnesses().GetTxId());
        Assert.Equal(stripped, TransactionSerializer.Serialize(signed.WithoutWitnesses()));

        // BIP 141: weight = base size * 3 + total size; the witness adds exactly
        // marker, flag and the witness fields.
        Assert.Equal((stripped.Length * 3) + full.Length, signed.Weight);
        Assert.Equal((signed.Weight + 3) / 4, signed.VirtualSize);
        Assert.True(full.Length > stripped.Length);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Every_listed_signature_and_public_key_appears_in_the_signed_transaction(string vectorName)
    {
        // Guards the vector data the signing tests will rely on.
        Bip143Vector vector = Find(vectorName);
        Transaction signed = TransactionSerializer.ParseHex(vector.SignedTxHex);
        foreach (Bip143Signing signing in vector.Signings)
        {
            TxIn input = signed.Inputs[signing.InputIndex];
            string carried = input.ScriptSig + string.Concat(input.Witness.Select(item => Convert.ToHexStringLower(item.Span)));
            if (signing.SignatureHex is not null)
            {
                Assert.Contains(signing.SignatureHex, carried, StringComparison.Ordinal);
                Assert.Equal((int)signing.HashType, Convert.FromHexString(signing.SignatureHex)[^1]);
            }

            if (signing.PublicKeyHex is not null)
            {
                Assert.Contains(signing.PublicKeyHex, carried + signing.ScriptCodeHex, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Native_P2WPKH_midstate_hashes_match_the_BIP()
    {
        var cache = new SegwitV0SighashCache(TransactionSerializer.ParseHex(Bip143Vectors.All[0].UnsignedTxHex));

        Assert.Equal("96b827c8483d4e9b96712b6713a7b68d6e8003a781feba36c31143470b4efd37", Convert.ToHexStringLower(cache.HashPrevouts));
        Assert.Equal("52b0a642eea2fb7ae638c36f6252b6750293dbe574a806984b8e4d8548339a3b", Convert.ToHexStringLower(cache.HashSequence));
        Assert.Equal("863ef3e1a92afbfdb97f31ad0fc7683ee943e9abcf2501590ff8f6551f47e5e5", Convert.ToHexStringLower(cache.HashOutputs));
    }

    [Fact]
    public void Single_anyone_can_pay_does_not_commit_to_the_input_index()
    {
        // BIP 143: "the signatures are still valid when the input-output pairs are swapped".
        Bip143Vector vector = Bip143Vectors.All.Single(v => v.Name.Contains("SINGLE|ANYONECANPAY", StringComparison.Ordinal));
        Transaction swapped = TransactionSerializer.ParseHex(Bip143Vectors.SwappedSingleAnyoneCanPayTxHex);
        Assert.Equal(Bip143Vectors.SwappedSingleAnyoneCanPayTxHex, Convert.ToHexStringLower(TransactionSerializer.Serialize(swapped)));

        foreach (Bip143Signing signing in vector.Signings)
        {
            int swappedIndex = 1 - signing.InputIndex;
            byte[] sighash = SegwitV0SignatureHash.Compute(
                swapped, swappedIndex, Script.FromHex(signing.ScriptCodeHex), new Satoshis(signing.Amount), signing.HashType);
            Assert.Equal(signing.ExpectedSigHashHex, Convert.ToHexStringLower(sighash));
        }
    }

    [Fact]
    public void Input_index_out_of_range_is_a_programming_error()
    {
        Transaction tx = TransactionSerializer.ParseHex(Bip143Vectors.All[0].UnsignedTxHex);
        Assert.Throws<ArgumentOutOfRangeException>(() => SegwitV0SignatureHash.Compute(tx, 2, Script.Empty, Satoshis.Zero, SigHashType.All));
        Assert.Throws<ArgumentOutOfRangeException>(() => SegwitV0SignatureHash.Compute(tx, -1, Script.Empty, Satoshis.Zero, SigHashType.All));
    }

    /// <summary>The digest a signing covers: BIP 143 for witness v0 inputs, the legacy algorithm otherwise.</summary>
    internal static byte[] SignatureHash(Bip143Vector vector, Bip143Signing signing)
    {
        Transaction unsigned = TransactionSerializer.ParseHex(vector.UnsignedTxHex);
        var scriptCode = Script.FromHex(signing.ScriptCodeHex);
        return signing.IsWitnessV0
            ? SegwitV0SignatureHash.Compute(unsigned, signing.InputIndex, scriptCode, new Satoshis(signing.Amount), signing.HashType)
            : LegacySignatureHash.Compute(unsigned, signing.InputIndex, scriptCode, signing.HashType);
    }

    private static TheoryData<string, int> SigningsWhere(Func<Bip143Signing, bool> predicate)
    {
        var data = new TheoryData<string, int>();
        foreach (Bip143Vector vector in Bip143Vectors.All)
        {
            for (int i = 0; i < vector.Signings.Count; i++)
            {
                if (predicate(vector.Signings[i]))
                {
                    data.Add(vector.Name, i);
                }
            }
        }

        return data;
    }

    private static Bip143Vector Find(string name) => Bip143Vectors.All.Single(vector => vector.Name == name);
}
