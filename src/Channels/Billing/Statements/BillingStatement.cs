using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Billing.Statements;

/// <summary>
/// The billing record of one channel over one period (DESIGN.md decision 6,
/// docs/STATEMENTS.md): the meter's signed readings of the period in order, the
/// RFC 6962 root of the channel's readings from its first up to the period's last,
/// the totals, the tariff, and both sides' node signatures over <see cref="Digest"/>.
/// The tree covers the whole channel so far, so any two statements of a channel are
/// related by a consistency proof; <see cref="Prefix"/> is the border of the readings
/// before the period, which is all a verifier needs to recompute the root.
/// </summary>
/// <param name="Opening">The meter's reading before the period's first (on this channel or the previous one); null for the meter's first reading ever.</param>
/// <param name="TariffMsatPerWh">The price of one imported watt-hour: money = energy × tariff, exactly.</param>
/// <param name="FirstIndex">The position of the period's first reading among the channel's readings; the tree size of the previous statement.</param>
public sealed record BillingStatement(
    ChainHash ChainHash,
    ChannelId ChannelId,
    Point ProviderNodeId,
    Point MeterNodeId,
    Point MeterReadingKey,
    ulong PeriodStart,
    ulong PeriodEnd,
    ulong TariffMsatPerWh,
    ulong FirstIndex,
    IReadOnlyList<Sha256Hash> Prefix,
    SignedMeterReading? Opening,
    IReadOnlyList<SignedMeterReading> Readings,
    Sha256Hash Root,
    StatementTotals Totals,
    CompactSignature? ProviderSignature = null,
    CompactSignature? MeterSignature = null)
{
    /// <summary>Prefixed to the digest both sides sign, so the signature means nothing else.</summary>
    public const string DomainTag = "microchannels/statement/v1";

    /// <summary>Leaves in the channel's tree up to the period's end.</summary>
    public ulong TreeSize => FirstIndex + (ulong)Readings.Count;

    /// <summary>
    /// SHA-256 of ASCII(<see cref="DomainTag"/>) || chain_hash || channel_id ||
    /// provider_node_id || meter_node_id || meter_reading_key || u64 period_start ||
    /// u64 period_end || u64 tariff_msat_per_wh || u64 first_index || u64 tree_size ||
    /// root || u64 import_wh || u64 export_wh || u64 amount_msat (docs/STATEMENTS.md).
    /// Both sides sign the root together with what they agree it means.
    /// </summary>
    public Sha256Hash Digest()
    {
        var writer = new WireWriter(512);
        writer.WriteBytes(System.Text.Encoding.ASCII.GetBytes(DomainTag));
        writer.Write(ChainHash);
        writer.Write(ChannelId);
        writer.Write(ProviderNodeId);
        writer.Write(MeterNodeId);
        writer.Write(MeterReadingKey);
        writer.WriteU64(PeriodStart);
        writer.WriteU64(PeriodEnd);
        writer.WriteU64(TariffMsatPerWh);
        writer.WriteU64(FirstIndex);
        writer.WriteU64(TreeSize);
        writer.Write(Root);
        writer.WriteU64(Totals.ImportWh);
        writer.WriteU64(Totals.ExportWh);
        writer.Write(Totals.AmountMsat);
        return new Sha256Hash(Hashes.Sha256(writer.ToArray()));
    }

    /// <summary>The provider's node key signs <see cref="Digest"/>.</summary>
    public BillingStatement SignAsProvider(PrivateKey providerNodeKey)
    {
        ArgumentNullException.ThrowIfNull(providerNodeKey);
        return this with { ProviderSignature = SignDigest(providerNodeKey, ProviderNodeId) };
    }

    /// <summary>The meter's node key signs <see cref="Digest"/>.</summary>
    public BillingStatement SignAsMeter(PrivateKey meterNodeKey)
    {
        ArgumentNullException.ThrowIfNull(meterNodeKey);
        return this with { MeterSignature = SignDigest(meterNodeKey, MeterNodeId) };
    }

    private CompactSignature SignDigest(PrivateKey key, Point expected)
    {
        if (!key.PublicKey.AsSpan().SequenceEqual(expected.AsSpan()))
        {
            throw new ArgumentException($"The key is not node {expected}'s.", nameof(key));
        }

        return new CompactSignature(key.Sign(Digest().AsSpan()).ToCompact());
    }
}
