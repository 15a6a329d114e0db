using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Billing.Statements;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Billing.Statements;

/// <summary>
/// A meter that signs chained version-2 readings, paying tariff × energy for each,
/// and a provider that records them: the two parties of a statement, with fixed keys
/// so every statement they make is reproducible.
/// </summary>
internal sealed class MeterAndProvider : IDisposable
{
    public const ulong Tariff = 300;
    public const ulong Start = 1_750_000_000;

    public MeterAndProvider(string channel = "channel", SignedMeterReading? opening = null)
    {
        ReadingKey = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x11, 32).ToArray());
        MeterNodeKey = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x12, 32).ToArray());
        ProviderNodeKey = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x21, 32).ToArray());
        ChannelId = new ChannelId(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes(channel)));
        Log = new ChannelReadingLog(ChainHash.Regtest, ChannelId, ProviderNodeId, MeterNodeId, new Point(ReadingKey.PublicKey.AsSpan()), opening);
        Last = opening;
    }

    public PrivateKey ReadingKey { get; }

    public PrivateKey MeterNodeKey { get; }

    public PrivateKey ProviderNodeKey { get; }

    public Point MeterNodeId => new(MeterNodeKey.PublicKey.AsSpan());

    public Point ProviderNodeId => new(ProviderNodeKey.PublicKey.AsSpan());

    public ChannelId ChannelId { get; }

    public ChannelReadingLog Log { get; }

    public SignedMeterReading? Last { get; private set; }

    public ulong Clock { get; set; } = Start;

    private ulong _transferId;

    /// <summary>The meter signs its next reading, <paramref name="wh"/> more watt-hours 5 s later, paying for them; the provider records it.</summary>
    public SignedMeterReading Pay(ulong wh = 2, ulong? amountMsat = null, ChannelId? channel = null, Point? provider = null)
    {
        Clock += 5;
        ulong import = (Last?.Reading.CumulativeWh ?? 0) + wh;
        var binding = new ReadingBinding(
            ChainHash.Regtest,
            channel ?? ChannelId,
            provider ?? ProviderNodeId,
            _transferId++,
            new MilliSatoshis(amountMsat ?? wh * Tariff),
            ExportWh: 0,
            Last?.Reading.SigningHash() ?? ReadingBinding.Genesis);
        var reading = MeterReading.V2(import, import * 2, Clock, binding);
        var signed = new SignedMeterReading(reading, new CompactSignature(ReadingKey.Sign(reading.SigningHash().AsSpan()).ToCompact()));
        Last = signed;
        Log.Append(signed);
        return signed;
    }

    /// <summary>The statement of [start, end), signed by both.</summary>
    public BillingStatement Statement(ulong start, ulong end) =>
        Log.BuildStatement(start, end, Tariff).SignAsProvider(ProviderNodeKey).SignAsMeter(MeterNodeKey);

    /// <summary>Re-signs a statement whose contents a test changed, so only the change is wrong.</summary>
    public BillingStatement Resign(BillingStatement statement) =>
        statement.SignAsProvider(ProviderNodeKey).SignAsMeter(MeterNodeKey);

    public void Dispose()
    {
        ReadingKey.Dispose();
        MeterNodeKey.Dispose();
        ProviderNodeKey.Dispose();
    }
}
