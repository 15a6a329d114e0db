using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels;
using Microchannels.Channels.Billing.Statements;
using Microchannels.Channels.Wire;

namespace Microchannels.Cli.Tests.Harness;

/// <summary>A genuine statement for the CLI tests: ten version-2 readings of one hour, signed by a meter and a provider made up here.</summary>
public static class StatementSample
{
    public const ulong Tariff = 250;
    public const ulong Start = 1_750_032_000;
    public const ulong End = Start + 3600;

    /// <summary>The statement, signed by both sides (or only the provider when <paramref name="meterSigns"/> is false).</summary>
    public static BillingStatement Build(bool meterSigns = true)
    {
        using var readingKey = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x11, 32).ToArray());
        using var meterKey = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x22, 32).ToArray());
        using var providerKey = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x33, 32).ToArray());
        var channel = new ChannelId(Enumerable.Repeat((byte)0xAB, 32).ToArray());
        var provider = new Point(providerKey.PublicKey.AsSpan());
        var log = new ChannelReadingLog(ChainHash.Regtest, channel, provider, new Point(meterKey.PublicKey.AsSpan()), new Point(readingKey.PublicKey.AsSpan()));
        MeterReading? previous = null;
        for (ulong i = 0; i < 10; i++)
        {
            ulong wh = 2 + (i % 3);
            ulong import = (previous?.CumulativeWh ?? 0) + wh;
            var binding = new ReadingBinding(ChainHash.Regtest, channel, provider, i, new MilliSatoshis(wh * Tariff), 0, previous?.SigningHash() ?? ReadingBinding.Genesis);
            var reading = MeterReading.V2(import, import * 2, Start + 10 + (i * 300), binding);
            log.Append(new SignedMeterReading(reading, new CompactSignature(readingKey.Sign(reading.SigningHash().AsSpan()).ToCompact())));
            previous = reading;
        }

        var statement = log.BuildStatement(Start, End, Tariff).SignAsProvider(providerKey);
        return meterSigns ? statement.SignAsMeter(meterKey) : statement;
    }
}
