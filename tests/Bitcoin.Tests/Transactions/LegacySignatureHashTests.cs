using System.Text.Json;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Bitcoin.Tests.Transactions;

/// <summary>Bitcoin Core's sighash.json (500 cases) and the legacy algorithm's quirks.</summary>
public class LegacySignatureHashTests
{
    private static readonly Lazy<JsonElement[]> Rows = new(() =>
    {
        string path = Path.Combine(AppContext.BaseDirectory, "spec", "bitcoin-core", "sighash.json");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));

        // The first row is a one-element comment header.
        return [.. document.RootElement.EnumerateArray().Where(row => row.GetArrayLength() == 5).Select(row => row.Clone())];
    });

    public static TheoryData<int> CaseNumbers => [.. Enumerable.Range(0, Rows.Value.Length)];

    [Fact]
    public void Sighash_json_has_500_cases()
    {
        Assert.Equal(500, Rows.Value.Length);
    }

    [Theory]
    [MemberData(nameof(CaseNumbers))]
    public void Matches_bitcoin_core_sighash_json(int caseNumber)
    {
        JsonElement row = Rows.Value[caseNumber];
        Transaction tx = TransactionSerializer.ParseHex(row[0].GetString()!);
        var scriptCode = Script.FromHex(row[1].GetString()!);
        int inputIndex = row[2].GetInt32();
        int hashType = row[3].GetInt32();

        byte[] sighash = LegacySignatureHash.Compute(tx, inputIndex, scriptCode, hashType);

        // Core compares uint256::GetHex(), which prints the bytes reversed.
        Assert.Equal(row[4].GetString(), Convert.ToHexStringLower(sighash.Reverse().ToArray()));
    }

    [Fact]
    public void Single_without_matching_output_returns_one()
    {
        // Core: "Check for invalid use of SIGHASH_SINGLE ... return uint256::ONE".
        // BIP 143's native P2WSH transaction has two inputs and one output.
        Transaction tx = TransactionSerializer.ParseHex(Bip143Vectors.All[2].UnsignedTxHex);

        byte[] sighash = LegacySignatureHash.Compute(tx, 1, Script.Empty, SigHashType.Single | SigHashType.AnyoneCanPay);

        Assert.Equal("01" + new string('0', 62), Convert.ToHexStringLower(sighash));
    }

    [Fact]
    public void Malformed_script_code_is_hashed_as_core_hashes_it()
    {
        // Core's SerializeScriptCode on a script whose last push is truncated: the
        // length prefix is size minus separators found, and the bytes copied stop
        // where the failed GetOp left its iterator (just after the opcode byte).
        Transaction tx = TransactionSerializer.ParseHex(Bip143Vectors.All[1].UnsignedTxHex);
        var scriptCode = Script.FromHex("ac" + "ab" + "51" + "4b00");

        byte[] expectedPreimage = Convert.FromHexString(
            "01000000" + "01" + "db6b1b20aa0fd7b23880be2ecbd4a98130974cf4748fb66092ac4d3ceb1a547701000000" +
            "04" + "ac" + "51" + "4b" + "feffffff" +
            "02" + "b8b4eb0b000000001976a914a457b684d7f0d539a46a45bbc043f35b59d0d96388ac" +
            "0008af2f000000001976a914fd270b1ee6abcaea97fea7ad0402e8bd8ad6d77c88ac" +
            "92040000" + "01000000");

        Assert.Equal(Hashes.Hash256(expectedPreimage), LegacySignatureHash.Compute(tx, 0, scriptCode, SigHashType.All));
    }

    [Fact]
    public void Code_separators_are_removed_from_a_well_formed_script_code()
    {
        Transaction tx = TransactionSerializer.ParseHex(Bip143Vectors.All[1].UnsignedTxHex);

        byte[] withSeparators = LegacySignatureHash.Compute(tx, 0, Script.FromHex("ab51ab01abac"), SigHashType.All);
        byte[] without = LegacySignatureHash.Compute(tx, 0, Script.FromHex("5101abac"), SigHashType.All);

        // The 0xab inside the push "01ab" is data, not a separator, and stays.
        Assert.Equal(without, withSeparators);
    }

    [Fact]
    public void Input_index_out_of_range_is_a_programming_error()
    {
        Transaction tx = TransactionSerializer.ParseHex(Bip143Vectors.All[1].UnsignedTxHex);
        Assert.Throws<ArgumentOutOfRangeException>(() => LegacySignatureHash.Compute(tx, 1, Script.Empty, SigHashType.All));
    }
}
