using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels;
using Microchannels.Channels.Billing.Statements;
using Microchannels.Channels.Wire;

namespace Microchannels.Benchmarks;

/// <summary>
/// A month of a meter's readings at 5-second intervals (issue 12): 518,400 signed
/// version-2 readings of one channel, chained, paying 300 msat/Wh. Signing them is
/// setup, spread over the cores.
/// </summary>
internal static class BillingMonth
{
    public const int Readings = 30 * 24 * 720;
    public const ulong Tariff = 300;
    public const ulong Start = 1_750_000_000;

    public static PrivateKey ReadingKey { get; } = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x11, 32).ToArray());

    public static PrivateKey MeterNodeKey { get; } = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x12, 32).ToArray());

    public static PrivateKey ProviderNodeKey { get; } = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x21, 32).ToArray());

    public static ChannelId ChannelId { get; } = new(Hashes.Sha256("month"u8));

    public static Point ProviderNodeId => new(ProviderNodeKey.PublicKey.AsSpan());

    public static Point MeterNodeId => new(MeterNodeKey.PublicKey.AsSpan());

    public static ChannelReadingLog NewLog() =>
        new(ChainHash.Regtest, ChannelId, ProviderNodeId, MeterNodeId, new Point(ReadingKey.PublicKey.AsSpan()));

    /// <summary>The month's readings; the chain is sequential, the signatures parallel.</summary>
    public static SignedMeterReading[] Sign(int count)
    {
        var readings = new MeterReading[count];
        Sha256Hash previous = ReadingBinding.Genesis;
        ulong import = 0;
        for (int i = 0; i < count; i++)
        {
            ulong wh = 1 + (ulong)(i % 3);
            import += wh;
            var binding = new ReadingBinding(ChainHash.Regtest, ChannelId, ProviderNodeId, (ulong)i, new MilliSatoshis(wh * Tariff), 0, previous);
            readings[i] = MeterReading.V2(import, import * 2, Start + (5 * (ulong)i), binding);
            previous = readings[i].SigningHash();
        }

        var signed = new SignedMeterReading[count];
        Parallel.For(0, count, i =>
            signed[i] = new SignedMeterReading(readings[i], new CompactSignature(ReadingKey.Sign(readings[i].SigningHash().AsSpan()).ToCompact())));
        return signed;
    }

    /// <summary>A host's path: the month's readings into a log at once (leaf hashes over the cores), the tree, the statement, both signatures.</summary>
    public static BillingStatement Statement(SignedMeterReading[] readings)
    {
        var log = NewLog();
        log.AppendRange(readings);
        return log.BuildStatement(Start, Start + (30UL * 86_400), Tariff).SignAsProvider(ProviderNodeKey).SignAsMeter(MeterNodeKey);
    }
}
