using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Bitcoin.Tests.Transactions;

/// <summary>Malformed transactions: each must throw <see cref="BitcoinFormatException"/>, nothing else.</summary>
public class TransactionParseErrorTests
{
    private const string Version = "01000000";
    private const string OutPointHex = "db6b1b20aa0fd7b23880be2ecbd4a98130974cf4748fb66092ac4d3ceb1a547701000000";
    private const string OneOutput = "01" + "00e1f50500000000" + "00";
    private const string LockTime = "00000000";

    // One input with an empty scriptSig, one 1 BTC output with an empty script.
    private const string ValidLegacy = Version + "01" + OutPointHex + "00" + "ffffffff" + OneOutput + LockTime;

    // The same with a one-item witness.
    private const string ValidSegwit = Version + "0001" + "01" + OutPointHex + "00" + "ffffffff" + OneOutput + "01" + "02abcd" + LockTime;

    [Fact]
    public void Valid_baselines_parse()
    {
        // The malformed cases below are small edits of these.
        Assert.False(TransactionSerializer.ParseHex(ValidLegacy).HasWitness);
        Assert.True(TransactionSerializer.ParseHex(ValidSegwit).HasWitness);
    }

    [Fact]
    public void Empty_input() => AssertRejected("");

    [Fact]
    public void Truncated_inside_version() => AssertRejected("010000");

    [Fact]
    public void Truncated_after_version() => AssertRejected(Version);

    [Fact]
    public void Input_count_of_two_to_the_32_with_few_bytes() =>
        AssertRejected(Version + "ff0000000001000000" + OutPointHex + "00ffffffff" + OneOutput + LockTime);

    [Fact]
    public void Input_count_beyond_remaining_bytes() =>
        AssertRejected(Version + "02" + OutPointHex + "00" + "ffffffff" + OneOutput + LockTime);

    [Fact]
    public void Non_canonical_input_count() =>
        AssertRejected(Version + "fd0100" + OutPointHex + "00" + "ffffffff" + OneOutput + LockTime);

    [Fact]
    public void ScriptSig_length_past_end() =>
        AssertRejected(Version + "01" + OutPointHex + "4b" + "00112233445566778899");

    [Fact]
    public void Output_count_beyond_remaining_bytes() =>
        AssertRejected(Version + "01" + OutPointHex + "00" + "ffffffff" + "02" + "00e1f50500000000" + "00" + LockTime);

    [Fact]
    public void Output_script_length_past_end() =>
        AssertRejected(Version + "01" + OutPointHex + "00" + "ffffffff" + "01" + "00e1f50500000000" + "fd0001" + "0014" + LockTime);

    [Fact]
    public void Witness_item_length_claiming_gigabytes() =>
        AssertRejected(Version + "0001" + "01" + OutPointHex + "00" + "ffffffff" + OneOutput + "01" + "fe00000040" + "abcd" + LockTime);

    [Fact]
    public void Witness_item_count_claiming_billions() =>
        AssertRejected(Version + "0001" + "01" + OutPointHex + "00" + "ffffffff" + OneOutput + "fe00ca9a3b" + "02abcd" + LockTime);

    [Fact]
    public void Truncated_locktime() => AssertRejected(ValidLegacy[..^4]);

    [Fact]
    public void Truncated_locktime_after_witness() => AssertRejected(ValidSegwit[..^2]);

    [Fact]
    public void Trailing_bytes() => AssertRejected(ValidLegacy + "00");

    [Fact]
    public void Trailing_bytes_after_segwit_transaction() => AssertRejected(ValidSegwit + "ff");

    [Fact]
    public void Segwit_flag_two() => AssertRejected(Version + "0002" + ValidSegwit[12..]);

    [Fact]
    public void Segwit_flag_zero() => AssertRejected(Version + "0000" + ValidSegwit[12..]);

    [Fact]
    public void Superfluous_witness_record() =>
        AssertRejected(Version + "0001" + "01" + OutPointHex + "00" + "ffffffff" + OneOutput + "00" + LockTime);

    [Fact]
    public void Segwit_marker_with_no_inputs() =>
        AssertRejected(Version + "0001" + "00" + OneOutput + LockTime);

    [Fact]
    public void Negative_output_value() =>
        AssertRejected(Version + "01" + OutPointHex + "00" + "ffffffff" + "01" + "ffffffffffffffff" + "00" + LockTime);

    [Fact]
    public void Output_value_above_max_money() =>
        AssertRejected(Version + "01" + OutPointHex + "00" + "ffffffff" + "01" + "0140075af0750700" + "00" + LockTime);

    [Fact]
    public void Output_value_of_exactly_max_money_is_accepted()
    {
        Transaction tx = TransactionSerializer.ParseHex(Version + "01" + OutPointHex + "00" + "ffffffff" + "01" + "0040075af0750700" + "00" + LockTime);
        Assert.Equal(Satoshis.MaxMoney, tx.Outputs[0].Value);
    }

    [Fact]
    public void Malformed_hex() => Assert.Throws<BitcoinFormatException>(() => TransactionSerializer.ParseHex("0x01"));

    [Fact]
    public void Every_truncation_of_a_signed_transaction_is_rejected()
    {
        byte[] bytes = Convert.FromHexString(Bip143Vectors.All[4].SignedTxHex);
        for (int length = 0; length < bytes.Length; length++)
        {
            byte[] prefix = bytes[..length];
            Assert.Throws<BitcoinFormatException>(() => TransactionSerializer.Parse(prefix));
        }
    }

    private static void AssertRejected(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex);
        Assert.Throws<BitcoinFormatException>(() => TransactionSerializer.Parse(bytes));
    }
}
