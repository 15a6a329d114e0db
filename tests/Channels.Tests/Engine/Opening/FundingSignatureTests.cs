using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Opening;

/// <summary>
/// BOLT 2 "The funding_created Message" and "The funding_signed Message", recipient:
/// "if signature is incorrect OR non-compliant with LOW-S-standard rule: MUST send a
/// warning and close the connection, or send an error and fail the channel". Each bad
/// message leaves the state as it was; the genuine one then completes the step.
/// </summary>
public class FundingSignatureTests
{
    public static TheoryData<string> Spoilers => ["flipped bit", "high S", "s out of range"];

    [Theory]
    [MemberData(nameof(Spoilers))]
    public void Bad_funding_created_signature_is_rejected(string spoiler)
    {
        using var fixture = new OpeningFixture();
        var funded = fixture.Fund();
        var bad = funded.Created with { Signature = Spoil(spoiler, funded.Created.Signature) };

        var error = Assert.Throws<InvalidCommitmentSignatureException>(() => funded.Provider.ReceiveFundingCreated(OpeningFixture.OverTheWire(bad), fixture.Pair.ProviderSigner));

        Assert.Equal(0UL, error.CommitmentNumber);
        Assert.Equal(fixture.TemporaryChannelId, error.ChannelId);
        Assert.True(error.FailsChannel);
        AssertProviderStillCompletes(fixture, funded);
    }

    [Fact]
    public void Funding_created_signature_for_another_outpoint_is_rejected()
    {
        using var fixture = new OpeningFixture();
        var funded = fixture.Fund();
        var (meter, _) = fixture.Negotiate();
        var (_, elsewhere) = meter.FundingTransactionCreated(new OutPoint(funded.FundingTransaction.GetTxId(), 0), fixture.Pair.MeterSigner);
        var replayed = funded.Created with { Signature = elsewhere.Signature };

        Assert.Throws<InvalidCommitmentSignatureException>(() => funded.Provider.ReceiveFundingCreated(replayed, fixture.Pair.ProviderSigner));
        AssertProviderStillCompletes(fixture, funded);
    }

    [Fact]
    public void Funding_created_for_another_temporary_channel_is_rejected()
    {
        using var fixture = new OpeningFixture();
        var funded = fixture.Fund();
        var other = new ChannelId(Hashes.Sha256("another temporary channel"u8));

        var error = Assert.Throws<WrongChannelException>(() => funded.Provider.ReceiveFundingCreated(funded.Created with { TemporaryChannelId = other }, fixture.Pair.ProviderSigner));

        Assert.Equal(fixture.TemporaryChannelId, error.ChannelId);
        AssertProviderStillCompletes(fixture, funded);
    }

    [Theory]
    [MemberData(nameof(Spoilers))]
    public void Bad_funding_signed_signature_is_rejected(string spoiler)
    {
        using var fixture = new OpeningFixture();
        var funded = fixture.Fund();
        var (_, signed) = funded.Provider.ReceiveFundingCreated(funded.Created, fixture.Pair.ProviderSigner);
        var bad = signed with { Signature = Spoil(spoiler, signed.Signature) };

        var error = Assert.Throws<InvalidCommitmentSignatureException>(() => funded.Meter.ReceiveFundingSigned(OpeningFixture.OverTheWire(bad), fixture.Pair.MeterSigner));

        // funding_signed introduced the real channel_id, so the error names it.
        Assert.Equal(signed.ChannelId, error.ChannelId);
        Assert.Equal(0UL, error.CommitmentNumber);
        AssertMeterStillCompletes(fixture, funded.Meter, signed);
    }

    [Fact]
    public void Funding_signed_with_the_providers_signature_of_its_own_commitment_is_rejected()
    {
        using var fixture = new OpeningFixture();
        var funded = fixture.Fund();
        var (_, signed) = funded.Provider.ReceiveFundingCreated(funded.Created, fixture.Pair.ProviderSigner);

        // The meter's own signature (of the provider's commitment 0) echoed back.
        var echoed = signed with { Signature = funded.Created.Signature };

        Assert.Throws<InvalidCommitmentSignatureException>(() => funded.Meter.ReceiveFundingSigned(echoed, fixture.Pair.MeterSigner));
        AssertMeterStillCompletes(fixture, funded.Meter, signed);
    }

    [Fact]
    public void Funding_signed_for_another_channel_is_rejected()
    {
        using var fixture = new OpeningFixture();
        var funded = fixture.Fund();
        var (_, signed) = funded.Provider.ReceiveFundingCreated(funded.Created, fixture.Pair.ProviderSigner);

        // The temporary id, or the txid without the index XORed in, are not the channel_id.
        Assert.Throws<WrongChannelException>(() => funded.Meter.ReceiveFundingSigned(signed with { ChannelId = fixture.TemporaryChannelId }, fixture.Pair.MeterSigner));
        Assert.Throws<WrongChannelException>(() => funded.Meter.ReceiveFundingSigned(signed with { ChannelId = new ChannelId(funded.FundingTransaction.GetTxId().ToBytes()) }, fixture.Pair.MeterSigner));
        AssertMeterStillCompletes(fixture, funded.Meter, signed);
    }

    [Fact]
    public void Funding_output_index_beyond_u16_is_refused_before_signing()
    {
        using var fixture = new OpeningFixture();
        var (meter, _) = fixture.Negotiate();

        Assert.Throws<ArgumentOutOfRangeException>(() => meter.FundingTransactionCreated(new OutPoint(TxId.Zero, 65_536), fixture.Pair.MeterSigner));
    }

    private static CompactSignature Spoil(string spoiler, CompactSignature signature) => spoiler switch
    {
        "flipped bit" => Signatures.FlipBit(signature),
        "high S" => Signatures.HighS(signature),
        "s out of range" => Signatures.OutOfRange(signature),
        _ => throw new ArgumentException(spoiler, nameof(spoiler)),
    };

    private static void AssertProviderStillCompletes(OpeningFixture fixture, OpeningFixture.Funded funded)
    {
        var (provider, signed) = funded.Provider.ReceiveFundingCreated(funded.Created, fixture.Pair.ProviderSigner);
        var meter = funded.Meter.ReceiveFundingSigned(signed, fixture.Pair.MeterSigner);
        Assert.Equal(meter.ChannelId, provider.ChannelId);
    }

    private static void AssertMeterStillCompletes(OpeningFixture fixture, AwaitingFundingSigned meter, FundingSigned genuine)
    {
        var confirming = meter.ReceiveFundingSigned(genuine, fixture.Pair.MeterSigner);
        Assert.Equal(genuine.ChannelId, confirming.ChannelId);
        Assert.Null(confirming.RemoteSecondPerCommitmentPoint);
    }
}
