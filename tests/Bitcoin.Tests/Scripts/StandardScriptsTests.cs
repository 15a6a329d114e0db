using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;

namespace Microchannels.Bitcoin.Tests.Scripts;

/// <summary>Standard scripts checked against the scripts printed in BIP 143's examples and BOLT 3 Appendix B.</summary>
public class StandardScriptsTests
{
    // BOLT 3 Appendix B: local_funding_pubkey, remote_funding_pubkey and the funding witness script.
    private const string LocalFundingPubKey = "023da092f6980e58d2c037173180e9a465476026ee50f96695963e8efe436f54eb";
    private const string RemoteFundingPubKey = "030e9f7b623d2ccc7c9bd44d66d5ce21ce504c0acf6385a132cec6d3c39fa711c1";
    private const string FundingWitnessScript =
        "5221023da092f6980e58d2c037173180e9a465476026ee50f96695963e8efe436f54eb21030e9f7b623d2ccc7c9bd44d66d5ce21ce504c0acf6385a132cec6d3c39fa711c152ae";

    // The funding output's scriptPubKey in BOLT 3's funding tx.
    private const string FundingOutputScript = "0020c015c4a6be010e21657068fc2e6a9d02b27ebe4d490a25846f7237f104d1a3cd";

    [Fact]
    public void Funding_multisig_matches_BOLT_3_in_either_argument_order()
    {
        byte[] local = Convert.FromHexString(LocalFundingPubKey);
        byte[] remote = Convert.FromHexString(RemoteFundingPubKey);

        Assert.Equal(FundingWitnessScript, StandardScripts.FundingMultisig2of2(local, remote).ToString());
        Assert.Equal(FundingWitnessScript, StandardScripts.FundingMultisig2of2(remote, local).ToString());
    }

    [Fact]
    public void Funding_output_is_the_P2WSH_of_the_funding_script()
    {
        Assert.Equal(FundingOutputScript, StandardScripts.PayToWitnessScriptHash(Script.FromHex(FundingWitnessScript)).ToString());
    }

    [Fact]
    public void Funding_keys_sort_by_full_serialization_not_by_x_coordinate()
    {
        // 02ff.. sorts before 0300.. although its x coordinate is larger.
        byte[] evenHigh = [0x02, .. Enumerable.Repeat((byte)0xff, 32)];
        byte[] oddLow = [0x03, .. new byte[32]];

        Script script = StandardScripts.FundingMultisig2of2(oddLow, evenHigh);

        Assert.Equal("5221" + Convert.ToHexStringLower(evenHigh) + "21" + Convert.ToHexStringLower(oddLow) + "52ae", script.ToString());
    }

    [Fact]
    public void P2WPKH_of_the_BIP_143_key()
    {
        byte[] key = Convert.FromHexString("025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee6357");

        Script script = StandardScripts.PayToWitnessPubKeyHashFromPublicKey(key);

        Assert.Equal("00141d0f172a0ecb48aee1be1f2687d2963ae33f71a1", script.ToString());
        Assert.Equal(script, StandardScripts.PayToWitnessPubKeyHash(Hashes.Hash160(key)));
        Assert.True(StandardScripts.IsPayToWitnessPubKeyHash(script));
        Assert.False(StandardScripts.IsPayToWitnessScriptHash(script));
    }

    [Fact]
    public void P2WPKH_script_code_is_the_BIP_143_one()
    {
        // BIP 143: "the scriptCode is 0x1976a914{20-byte-pubkey-hash}88ac"; 0x19 is the length.
        byte[] key = Convert.FromHexString("025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee6357");

        Assert.Equal("76a9141d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac", StandardScripts.PayToWitnessPubKeyHashScriptCodeFromPublicKey(key).ToString());
        Assert.Equal(0x19, StandardScripts.PayToWitnessPubKeyHashScriptCode(Hashes.Hash160(key)).Length);
    }

    [Fact]
    public void P2SH_P2WPKH_of_the_BIP_143_key()
    {
        byte[] key = Convert.FromHexString("03ad1d8e89212f0b92c74d23bb710c00662ad1470198ac48c43f7d6f93a2a26873");

        Script redeem = StandardScripts.PayToWitnessPubKeyHashFromPublicKey(key);

        Assert.Equal("001479091972186c449eb1ded22b78e40d009bdf0089", redeem.ToString());
        Assert.Equal("a9144733f37cf4db86fbc2efed2500b4f4e49f31202387", StandardScripts.PayToScriptHash(Hashes.Hash160(redeem.AsSpan())).ToString());
    }

    [Fact]
    public void P2WSH_and_P2SH_P2WSH_of_the_BIP_143_scripts()
    {
        Assert.Equal(
            "00205d1b56b63d714eebe542309525f484b7e9d6f686b3781b6f61ef925d66d6f6a0",
            StandardScripts.PayToWitnessScriptHash(Script.FromHex(
                "21026dccc749adc2a9d0d89497ac511f760f45c47dc5ed9cf352a58ac706453880aeadab210255a9626aebf5e29c0e6538428ba0d1dcf6ca98ffdf086aa8ced5e0d0215ea465ac")).ToString());

        Script redeem = StandardScripts.PayToWitnessScriptHash(Script.FromHex(
            "56210307b8ae49ac90a048e9b53357a2354b3334e9c8bee813ecb98e99a7e07e8c3ba32103b28f0c28bfab54554ae8c658ac5c3e0ce6e79ad336331f78c428dd43eea8449b21034b8113d703413d57761b8b9781957b8c0ac1dfe69f492580ca4195f50376ba4a21033400f6afecb833092a9a21cfdf1ed1376e58c5d1f47de74683123987e967a8f42103a6d48b1131e94ba04d9737d61acdaa1322008af9602b3b14862c07a1789aac162102d8b661b0b3302ee2f162b09e07a55ad5dfbe673a9f01d9f0c19617681024306b56ae"));
        Assert.Equal("0020a16b5755f7f6f96dbd65f5f0d6ab9418b89af4b1f14a1bb8a09062c35f0dcb54", redeem.ToString());
        Assert.Equal("a9149993a429037b5d912407a71c252019287b8d27a587", StandardScripts.PayToScriptHash(Hashes.Hash160(redeem.AsSpan())).ToString());
        Assert.True(StandardScripts.IsPayToWitnessScriptHash(redeem));
    }

    [Fact]
    public void OP_RETURN_pushes_its_data()
    {
        Assert.Equal("6a03abcdef", StandardScripts.OpReturn([0xab, 0xcd, 0xef]).ToString());
    }

    [Theory]
    [InlineData("00141d0f172a0ecb48aee1be1f2687d2963ae33f71a1", 0, "1d0f172a0ecb48aee1be1f2687d2963ae33f71a1")]
    [InlineData("5120" + "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", 1, "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")]
    [InlineData("6002abcd", 16, "abcd")]
    public void Witness_programs_are_recognised(string scriptHex, int version, string program)
    {
        Assert.True(StandardScripts.TryGetWitnessProgram(Script.FromHex(scriptHex), out int actualVersion, out byte[]? actualProgram));
        Assert.Equal(version, actualVersion);
        Assert.Equal(program, Convert.ToHexStringLower(actualProgram));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("0001ab", "program of 1 byte")]
    [InlineData("0029" + "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "program of 41 bytes")]
    [InlineData("4f02abcd", "OP_1NEGATE is no version")]
    [InlineData("0003abcd", "push length disagrees with script length")]
    [InlineData("a9144733f37cf4db86fbc2efed2500b4f4e49f31202387", "P2SH")]
    public void Non_witness_programs_are_not_recognised(string scriptHex, string because)
    {
        Assert.False(StandardScripts.TryGetWitnessProgram(Script.FromHex(scriptHex), out _, out byte[]? program), because);
        Assert.Null(program);
    }

    [Theory]
    [InlineData(0x02, 31)]
    [InlineData(0x02, 33)]
    [InlineData(0x04, 32)]
    [InlineData(0x00, 32)]
    public void Keys_must_be_33_byte_compressed(byte prefix, int bodyLength)
    {
        byte[] badKey = [prefix, .. Enumerable.Repeat((byte)0x11, bodyLength)];
        byte[] goodKey = Convert.FromHexString(LocalFundingPubKey);

        Assert.Throws<ArgumentException>(() => StandardScripts.FundingMultisig2of2(badKey, goodKey));
        Assert.Throws<ArgumentException>(() => StandardScripts.PayToWitnessPubKeyHashFromPublicKey(badKey));
    }

    [Fact]
    public void Hashes_must_have_their_exact_length()
    {
        Assert.Throws<ArgumentException>(() => StandardScripts.PayToWitnessPubKeyHash(new byte[19]));
        Assert.Throws<ArgumentException>(() => StandardScripts.PayToPubKeyHash(new byte[21]));
        Assert.Throws<ArgumentException>(() => StandardScripts.PayToScriptHash(new byte[32]));
    }
}
