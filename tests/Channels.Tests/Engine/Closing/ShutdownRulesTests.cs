using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.Closing.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Closing;

/// <summary>BOLT 2 "Closing Initiation: shutdown": the scriptpubkey forms, and BOLT 3 "Dust Limits".</summary>
public class ShutdownRulesTests
{
    private static readonly ChannelId Channel = new(new byte[32]);

    [Theory]
    [InlineData("0014" + "1111111111111111111111111111111111111111", ShutdownScriptKind.PayToWitnessPubKeyHash)]
    [InlineData("0020" + "2222222222222222222222222222222222222222222222222222222222222222", ShutdownScriptKind.PayToWitnessScriptHash)]
    [InlineData("5120" + "3333333333333333333333333333333333333333333333333333333333333333", ShutdownScriptKind.WitnessV1To16)]
    [InlineData("6002" + "4444", ShutdownScriptKind.WitnessV1To16)]
    [InlineData("5128" + "55555555555555555555555555555555555555555555555555555555555555555555555555555555", ShutdownScriptKind.WitnessV1To16)]
    [InlineData("6a06" + "666666666666", ShutdownScriptKind.OpReturn)]
    [InlineData("6a4b" + "777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777", ShutdownScriptKind.OpReturn)]
    [InlineData("6a4c4c" + "88888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888888", ShutdownScriptKind.OpReturn)]
    [InlineData("6a4c50" + "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999", ShutdownScriptKind.OpReturn)]
    [InlineData("76a914" + "1111111111111111111111111111111111111111" + "88ac", ShutdownScriptKind.PayToPubKeyHash)]
    [InlineData("a914" + "1111111111111111111111111111111111111111" + "87", ShutdownScriptKind.PayToScriptHash)]
    public void Each_named_form_is_recognised(string hex, ShutdownScriptKind kind) =>
        Assert.Equal(kind, ShutdownRules.Classify(Convert.FromHexString(hex)));

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("0015" + "111111111111111111111111111111111111111111")] // v0 program of 21 bytes
    [InlineData("0013" + "11111111111111111111111111111111111111")] // v0 program of 19 bytes
    [InlineData("0014" + "11111111111111111111111111111111111111")] // push longer than the script
    [InlineData("0014" + "111111111111111111111111111111111111111100")] // trailing byte
    [InlineData("5101" + "11")] // witness program of 1 byte
    [InlineData("5129" + "1111111111111111111111111111111111111111111111111111111111111111111111111111111111")] // 41 bytes
    [InlineData("4f02" + "1111")] // OP_1NEGATE is no witness version
    [InlineData("6a05" + "1111111111")] // OP_RETURN push of 5
    [InlineData("6a4c4b" + "111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111")] // PUSHDATA1 of 75
    [InlineData("6a4c51" + "111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111")] // PUSHDATA1 of 81
    [InlineData("6a")]
    [InlineData("76a914" + "1111111111111111111111111111111111111111" + "87ac")] // broken P2PKH
    [InlineData("51")]
    public void Anything_else_is_nonstandard(string hex) =>
        Assert.Equal(ShutdownScriptKind.Nonstandard, ShutdownRules.Classify(Convert.FromHexString(hex)));

    [Theory]
    [InlineData(ShutdownScriptKind.PayToWitnessPubKeyHash, false, false, true)]
    [InlineData(ShutdownScriptKind.PayToWitnessScriptHash, false, false, true)]
    [InlineData(ShutdownScriptKind.WitnessV1To16, false, false, false)]
    [InlineData(ShutdownScriptKind.WitnessV1To16, true, false, true)]
    [InlineData(ShutdownScriptKind.OpReturn, true, false, false)]
    [InlineData(ShutdownScriptKind.OpReturn, false, true, true)]
    [InlineData(ShutdownScriptKind.PayToPubKeyHash, true, true, false)]
    [InlineData(ShutdownScriptKind.PayToScriptHash, true, true, false)]
    [InlineData(ShutdownScriptKind.Nonstandard, true, true, false)]
    public void Allowed_forms_follow_the_negotiated_features(ShutdownScriptKind kind, bool anySegwit, bool simpleClose, bool allowed) =>
        Assert.Equal(allowed, ShutdownRules.IsAllowed(kind, anySegwit, simpleClose));

    [Fact]
    public void Taproot_needs_option_shutdown_anysegwit()
    {
        var taproot = Convert.FromHexString("5120" + new string('3', 64));
        var error = Assert.Throws<InvalidShutdownScriptException>(() => ShutdownRules.Validate(Channel, taproot, ShutdownTerms.Default, local: true));
        Assert.Equal(ShutdownScriptKind.WitnessV1To16, error.Kind);
        Assert.False(error.FailsChannel);
        Assert.Equal(ShutdownScriptKind.WitnessV1To16, ShutdownRules.Validate(Channel, taproot, new ShutdownTerms(AnySegwit: true), local: true));
    }

    [Fact]
    public void Op_return_is_refused_because_legacy_negotiation_means_no_option_simple_close()
    {
        var opReturn = Convert.FromHexString("6a06666666666666");
        Assert.Throws<InvalidShutdownScriptException>(() => ShutdownRules.Validate(Channel, opReturn, new ShutdownTerms(AnySegwit: true, AcceptLegacyRemoteScripts: true), local: false));
    }

    [Fact]
    public void Legacy_scripts_are_accepted_from_an_old_peer_only_when_asked_and_never_sent()
    {
        var p2pkh = Convert.FromHexString("76a914" + new string('1', 40) + "88ac");
        var p2sh = Convert.FromHexString("a914" + new string('1', 40) + "87");
        var lenient = new ShutdownTerms(AnySegwit: false, AcceptLegacyRemoteScripts: true);
        foreach (var script in new[] { p2pkh, p2sh })
        {
            var refused = Assert.Throws<InvalidShutdownScriptException>(() => ShutdownRules.Validate(Channel, script, ShutdownTerms.Default, local: false));
            Assert.False(refused.Local);
            ShutdownRules.Validate(Channel, script, lenient, local: false);
            Assert.True(Assert.Throws<InvalidShutdownScriptException>(() => ShutdownRules.Validate(Channel, script, lenient, local: true)).Local);
        }
    }

    [Theory]
    [InlineData(ShutdownScriptKind.PayToPubKeyHash, 546)]
    [InlineData(ShutdownScriptKind.PayToScriptHash, 540)]
    [InlineData(ShutdownScriptKind.PayToWitnessPubKeyHash, 294)]
    [InlineData(ShutdownScriptKind.PayToWitnessScriptHash, 330)]
    [InlineData(ShutdownScriptKind.WitnessV1To16, 354)]
    [InlineData(ShutdownScriptKind.OpReturn, 0)]
    public void Dust_thresholds_are_bolt_3s(ShutdownScriptKind kind, long threshold) =>
        Assert.Equal(new Satoshis(threshold), ShutdownRules.DustThreshold(kind));
}
