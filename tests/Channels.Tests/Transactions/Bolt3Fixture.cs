using System.Collections.Immutable;
using System.Security.Cryptography;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Keys;
using Microchannels.Channels.Tests.Vectors;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Tests.Transactions;

/// <summary>The keys and parameters BOLT 3 Appendix C states once for all its cases.</summary>
internal static class Bolt3Fixture
{
    // Appendix C prints private keys with Bitcoin's trailing 01 "compressed" marker.
    public static PrivateKey Key(string hexWithSuffix) => PrivateKey.FromBytes(Convert.FromHexString(hexWithSuffix)[..32]);

    public static PublicKey Point(string hex) => PublicKey.FromBytes(Convert.FromHexString(hex));

    public static readonly PrivateKey LocalFundingKey = Key("30ff4956bbdd3222d44cc5e8a1261dab1e07957bdac5ae88fe3261ef321f374901");
    public static readonly PrivateKey RemoteFundingKey = Key("1552dfba4f6cf29a62a0af13c8d6981d36d0ef8d61ba10fb0fe90da7634d7e1301");
    public static readonly PrivateKey LocalPaymentBasepointSecret = Key("111111111111111111111111111111111111111111111111111111111111111101");
    public static readonly PrivateKey RemotePaymentBasepointSecret = Key("444444444444444444444444444444444444444444444444444444444444444401");
    public static readonly PrivateKey LocalDelayedBasepointSecret = Key("333333333333333333333333333333333333333333333333333333333333333301");
    public static readonly PrivateKey RemoteRevocationBasepointSecret = Key("222222222222222222222222222222222222222222222222222222222222222201");
    public static readonly PrivateKey LocalPerCommitmentSecret = Key("1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a0908070605040302010001");

    public static readonly PublicKey PerCommitmentPoint = LocalPerCommitmentSecret.PublicKey;

    // "We use the same values for the HTLC basepoints" as the payment basepoints.
    public static PrivateKey LocalHtlcPrivateKey => KeyDerivation.DerivePrivateKey(LocalPaymentBasepointSecret, PerCommitmentPoint);

    public static PrivateKey RemoteHtlcPrivateKey => KeyDerivation.DerivePrivateKey(RemotePaymentBasepointSecret, PerCommitmentPoint);

    public static readonly CommitmentKeys Keys = new(
        KeyDerivation.DeriveRevocationPublicKey(RemoteRevocationBasepointSecret.PublicKey, PerCommitmentPoint),
        KeyDerivation.DerivePublicKey(LocalDelayedBasepointSecret.PublicKey, PerCommitmentPoint),
        KeyDerivation.DerivePublicKey(LocalPaymentBasepointSecret.PublicKey, PerCommitmentPoint),
        KeyDerivation.DerivePublicKey(RemotePaymentBasepointSecret.PublicKey, PerCommitmentPoint),
        RemotePaymentBasepointSecret.PublicKey);

    public static readonly CommitmentParameters Parameters = new(
        new OutPoint(TxId.Parse(Bolt3CommitmentVectors.Common("funding_tx_id")), uint.Parse(Bolt3CommitmentVectors.Common("funding_output_index"), System.Globalization.CultureInfo.InvariantCulture)),
        new Satoshis(long.Parse(Bolt3CommitmentVectors.Common("funding_amount_satoshi"), System.Globalization.CultureInfo.InvariantCulture)),
        LocalFundingKey.PublicKey,
        RemoteFundingKey.PublicKey,
        LocalIsOpener: true,
        ToSelfDelay: ushort.Parse(Bolt3CommitmentVectors.Common("local_delay"), System.Globalization.CultureInfo.InvariantCulture),
        DustLimit: new Satoshis(long.Parse(Bolt3CommitmentVectors.Common("local_dust_limit_satoshi"), System.Globalization.CultureInfo.InvariantCulture)),
        ObscuredCommitmentNumber.ObscuringFactor(LocalPaymentBasepointSecret.PublicKey, RemotePaymentBasepointSecret.PublicKey));

    public static readonly ulong CommitmentNumber = ulong.Parse(Bolt3CommitmentVectors.Common("commitment_number"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"htlc N direction / amount_msat / expiry / payment_preimage" from the common parameters.</summary>
    public static Htlc HtlcNumber(int n)
    {
        var direction = Bolt3CommitmentVectors.Common($"htlc {n} direction") == "local->remote" ? HtlcDirection.Offered : HtlcDirection.Received;
        var amount = new MilliSatoshis(ulong.Parse(Bolt3CommitmentVectors.Common($"htlc {n} amount_msat"), System.Globalization.CultureInfo.InvariantCulture));
        var expiry = uint.Parse(Bolt3CommitmentVectors.Common($"htlc {n} expiry"), System.Globalization.CultureInfo.InvariantCulture);
        return new Htlc(direction, (ulong)n, amount, [.. SHA256.HashData(Preimage(n))], expiry);
    }

    public static byte[] Preimage(int n) => Convert.FromHexString(Bolt3CommitmentVectors.Common($"htlc {n} payment_preimage"));

    /// <summary>Appendix C: no HTLCs in the first case, HTLCs 1, 5 and 6 in the last, 0 to 4 elsewhere.</summary>
    public static ImmutableArray<Htlc> HtlcsFor(Bolt3CommitmentVector vector)
    {
        if (vector.Name == "simple commitment tx with no HTLCs")
        {
            return [];
        }

        int[] numbers = vector.Name.Contains("same amount and preimage", StringComparison.Ordinal) ? [1, 5, 6] : [0, 1, 2, 3, 4];
        return [.. numbers.Select(HtlcNumber)];
    }
}
