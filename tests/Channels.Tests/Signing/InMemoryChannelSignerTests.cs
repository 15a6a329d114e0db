using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Keys;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Tests.Signing;

public class InMemoryChannelSignerTests
{
    private static readonly byte[] MeterSeed = Enumerable.Repeat((byte)0x42, 32).ToArray();
    private static readonly byte[] ProviderSeed = Enumerable.Repeat((byte)0x24, 32).ToArray();

    private static (CommitmentParameters Meter, CommitmentParameters Provider) Parameters(ChannelBasepoints meter, ChannelBasepoints provider)
    {
        var factor = ObscuredCommitmentNumber.ObscuringFactor(meter.PaymentBasepoint, provider.PaymentBasepoint);
        var outPoint = new OutPoint(TxId.Parse("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be"), 0);
        var m = new CommitmentParameters(outPoint, new Satoshis(1_000_000), meter.FundingPubKey, provider.FundingPubKey, true, 144, new Satoshis(546), factor);
        var p = new CommitmentParameters(outPoint, new Satoshis(1_000_000), provider.FundingPubKey, meter.FundingPubKey, false, 144, new Satoshis(546), factor);
        return (m, p);
    }

    [Fact]
    public void Counterparty_signature_verifies_against_our_funding_key_on_their_commitment()
    {
        using var meter = new InMemoryChannelSigner(ChannelSecrets.FromSeed(MeterSeed));
        using var provider = new InMemoryChannelSigner(ChannelSecrets.FromSeed(ProviderSeed));
        var (_, providerParams) = Parameters(meter.Basepoints, provider.Basepoints);

        // The provider's commitment 0, which the meter signs.
        var point = provider.GetPerCommitmentPoint(0);
        var keys = CommitmentKeys.Derive(provider.Basepoints, meter.Basepoints, point);
        var spec = CommitmentSpec.WithoutHtlcs(new MilliSatoshis(0), new MilliSatoshis(1_000_000_000), new FeeratePerKw(253));
        var providerCommitment = CommitmentTransaction.Build(providerParams, keys, 0, spec);

        var signature = meter.SignCounterpartyCommitment(providerCommitment);
        Assert.True(meter.Basepoints.FundingPubKey.Verify(providerCommitment.FundingSignatureHash(), signature));
        Assert.True(signature.IsLowS);
    }

    [Fact]
    public void Revoked_commitment_is_never_signed_for_broadcast_even_after_restart()
    {
        using var meter = new InMemoryChannelSigner(ChannelSecrets.FromSeed(MeterSeed));
        using var provider = new InMemoryChannelSigner(ChannelSecrets.FromSeed(ProviderSeed));
        var (meterParams, _) = Parameters(meter.Basepoints, provider.Basepoints);
        var spec = CommitmentSpec.WithoutHtlcs(new MilliSatoshis(900_000_000), new MilliSatoshis(100_000_000), new FeeratePerKw(253));
        CommitmentTransaction Commitment(ulong n) =>
            CommitmentTransaction.Build(meterParams, CommitmentKeys.Derive(meter.Basepoints, provider.Basepoints, meter.GetPerCommitmentPoint(n)), n, spec);

        Assert.True(meter.Basepoints.FundingPubKey.Verify(Commitment(0).FundingSignatureHash(), meter.SignHolderCommitment(Commitment(0))));

        var secret = meter.RevokeHolderCommitment(0);
        Assert.Equal(meter.GetPerCommitmentPoint(0), KeyDerivation.PerCommitmentPoint(secret));
        Assert.Throws<SignerRefusedException>(() => meter.SignHolderCommitment(Commitment(0)));
        meter.SignHolderCommitment(Commitment(1));

        // A signer rebuilt from the store's record keeps refusing.
        using var restarted = new InMemoryChannelSigner(ChannelSecrets.FromSeed(MeterSeed), highestRevokedCommitmentNumber: 0);
        Assert.Throws<SignerRefusedException>(() => restarted.SignHolderCommitment(Commitment(0)));
    }

    [Fact]
    public void Revealed_secrets_follow_the_shachain_the_counterparty_stores()
    {
        using var meter = new InMemoryChannelSigner(ChannelSecrets.FromSeed(MeterSeed));
        var store = PerCommitmentSecretStore.Empty;
        for (ulong n = 0; n < 100; n++)
        {
            store = store.Insert(meter.RevokeHolderCommitment(n), CommitmentIndex.FromCommitmentNumber(n));
        }

        Assert.Equal(meter.RevokeHolderCommitment(37), store.GetSecret(CommitmentIndex.FromCommitmentNumber(37)));
    }

    [Fact]
    public void Justice_and_sweep_signatures_use_the_derived_keys()
    {
        using var meter = new InMemoryChannelSigner(ChannelSecrets.FromSeed(MeterSeed));
        using var provider = new InMemoryChannelSigner(ChannelSecrets.FromSeed(ProviderSeed));
        var (meterParams, providerParams) = Parameters(meter.Basepoints, provider.Basepoints);
        var spec = CommitmentSpec.WithoutHtlcs(new MilliSatoshis(400_000_000), new MilliSatoshis(600_000_000), new FeeratePerKw(253));
        var destination = StandardScripts.PayToWitnessPubKeyHash(new byte[20]);

        // The provider's revoked commitment 3, punished by the meter.
        var providerKeys = CommitmentKeys.Derive(provider.Basepoints, meter.Basepoints, provider.GetPerCommitmentPoint(3));
        var revoked = CommitmentTransaction.Build(providerParams, providerKeys, 3, spec.Mirror());
        var secret = provider.RevokeHolderCommitment(3);
        var (penalty, _) = PenaltyTransaction.Build(PenaltyTransaction.RevokedOutputs(revoked), providerKeys.RevocationPubKey, destination, new FeeratePerKw(1000), new Satoshis(294));
        Assert.NotNull(penalty);
        var justice = meter.SignJusticeInput(penalty, 0, secret);
        Assert.True(providerKeys.RevocationPubKey.Verify(penalty.SignatureHash(0), justice));

        // The meter's own commitment 5, swept after the delay.
        var meterKeys = CommitmentKeys.Derive(meter.Basepoints, provider.Basepoints, meter.GetPerCommitmentPoint(5));
        var own = CommitmentTransaction.Build(meterParams, meterKeys, 5, spec);
        var (sweep, _) = DelayedOutputSweep.Build(own, destination, new FeeratePerKw(1000), new Satoshis(294));
        Assert.NotNull(sweep);
        Assert.True(meterKeys.LocalDelayedPubKey.Verify(sweep.SignatureHash(0), meter.SignDelayedSweep(sweep, 5)));
    }
}
