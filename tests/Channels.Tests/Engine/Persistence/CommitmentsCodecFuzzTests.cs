using System.Diagnostics;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Wire;
using Xunit.Abstractions;

namespace Microchannels.Channels.Tests.Engine.Persistence;

/// <summary>
/// Seeded mutation testing of <see cref="CommitmentsCodec.Decode"/> over the golden
/// encodings: cut-off writes, flipped bits, overwritten bytes, lying counts, inserted,
/// deleted and appended bytes. Every mutant must either decode, and then re-encode to
/// exactly the bytes it came from (one state, one encoding), or throw
/// <see cref="ChannelStateFormatException"/>; anything else fails with the mutant's hex.
/// Each decode must also allocate no more than a small multiple of its input.
/// </summary>
public class CommitmentsCodecFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 0x636f6463; // "codc"
    private const int RequiredMutants = 20_000;

    [Fact]
    public void Every_mutant_decodes_canonically_or_throws_ChannelStateFormatException_with_bounded_allocation()
    {
        byte[][] samples = [.. GoldenScenario.Names.Select(GoldenStates.Bytes)];

        // Pass 1 warms every path (first throws and JIT tiers allocate once per process);
        // pass 2 regenerates the same mutants from the same seed and measures.
        Run(samples, measure: false);
        var clock = Stopwatch.StartNew();
        var tally = Run(samples, measure: true);

        output.WriteLine($"{tally.Total} mutants: {tally.Decoded} decoded, {tally.Rejected} rejected, in {clock.ElapsedMilliseconds} ms; at most {tally.MaxAllocationRatio:F1} bytes allocated per input byte (inputs of 256 bytes or more).");
        foreach (var (reason, count) in tally.Reasons.OrderBy(r => r.Key))
        {
            output.WriteLine($"  {reason}: {count}");
        }

        Assert.True(tally.Total >= RequiredMutants, $"only {tally.Total} mutants");
        Assert.True(tally.Decoded > 1_000 && tally.Rejected > 1_000, $"{tally.Decoded} decoded, {tally.Rejected} rejected");

        // Every kind of rejection the format defines, bar a wrong magic reached only by chance,
        // must be hit, or the mutants are not reaching the fields they should.
        ChannelStateFormatReason[] expected =
        [
            ChannelStateFormatReason.Truncated, ChannelStateFormatReason.UnsupportedVersion, ChannelStateFormatReason.TrailingBytes,
            ChannelStateFormatReason.CountExceedsInput, ChannelStateFormatReason.NonCanonical, ChannelStateFormatReason.InvalidFlag,
            ChannelStateFormatReason.InvalidPoint, ChannelStateFormatReason.InvalidSignature, ChannelStateFormatReason.UnknownUpdateTag,
            ChannelStateFormatReason.ValueOutOfRange, ChannelStateFormatReason.InvalidSecretStore, ChannelStateFormatReason.UnknownFormat,
        ];
        Assert.All(expected, reason => Assert.True(tally.Reasons.ContainsKey(reason), $"no mutant was rejected as {reason}"));
    }

    private static Tally Run(byte[][] samples, bool measure)
    {
        var random = new Random(Seed);
        var tally = new Tally();
        foreach (byte[] sample in samples)
        {
            foreach (byte[] mutant in Mutants(sample, random))
            {
                Check(mutant, tally, measure);
            }
        }

        return tally;
    }

    private static void Check(byte[] input, Tally tally, bool measure)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Commitments? state = null;
        try
        {
            state = CommitmentsCodec.Decode(input);
        }
        catch (ChannelStateFormatException e)
        {
            tally.Reject(e.Reason);
        }
#pragma warning disable CA1031 // Any other exception is the failure this test looks for; report it with its input.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Assert.Fail($"{e.GetType().Name} escaped the decoder: {e.Message}\n{Convert.ToHexStringLower(input)}");
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (measure)
        {
            if (input.Length >= 256)
            {
                tally.MaxAllocationRatio = Math.Max(tally.MaxAllocationRatio, (double)allocated / input.Length);
            }

            long bound = (16L * input.Length) + 16_384;
            Assert.True(allocated <= bound, $"Decoding {input.Length} bytes allocated {allocated} > {bound}: {Convert.ToHexStringLower(input)}");
        }

        if (state is not null)
        {
            tally.Decoded++;
            byte[] again = CommitmentsCodec.Encode(state);
            if (!again.AsSpan().SequenceEqual(input))
            {
                Assert.Fail($"Decoded but re-encoded differently:\n{Convert.ToHexStringLower(input)}\n{Convert.ToHexStringLower(again)}");
            }
        }
    }

    private static IEnumerable<byte[]> Mutants(byte[] sample, Random random)
    {
        // A write cut off at every length.
        for (int length = 0; length < sample.Length; length++)
        {
            yield return sample[..length];
        }

        // Single bits flipped: every one in the fresh state (whose fields every other
        // state shares), a random thousand in the others.
        bool everyBit = sample.Length == GoldenStates.Bytes(GoldenScenario.Fresh).Length;
        for (int i = 0; i < (everyBit ? sample.Length * 8 : 1_000); i++)
        {
            int bit = everyBit ? i : random.Next(sample.Length * 8);
            byte[] flipped = (byte[])sample.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            yield return flipped;
        }

        for (int i = 0; i < 500; i++)
        {
            // Several bits at once.
            byte[] flipped = (byte[])sample.Clone();
            for (int f = random.Next(2, 9); f > 0; f--)
            {
                int bit = random.Next(sample.Length * 8);
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            }

            yield return flipped;

            // A lying count: a BigSize prefix, or a small value, where a count could sit.
            byte[] count = (byte[])sample.Clone();
            count[random.Next(3, sample.Length)] = (byte)random.Next(0xf8, 0x100);
            yield return count;

            // A bytes run overwritten with random bytes.
            byte[] overwritten = (byte[])sample.Clone();
            random.NextBytes(overwritten.AsSpan(random.Next(sample.Length - 8), random.Next(1, 9)));
            yield return overwritten;

            // A field-sized run set to a boundary value: zero or all ones (r or s zero or
            // not below n, x not below p, amounts beyond 21 million BTC).
            byte[] boundary = (byte[])sample.Clone();
            boundary.AsSpan(random.Next(sample.Length - 32), 32).Fill(random.Next(2) == 0 ? (byte)0x00 : (byte)0xff);
            yield return boundary;

            // Bytes inserted or deleted in the middle, and appended at the end.
            int at = random.Next(3, sample.Length);
            byte[] inserted = new byte[random.Next(1, 5)];
            random.NextBytes(inserted);
            yield return [.. sample[..at], .. inserted, .. sample[at..]];
            yield return [.. sample[..at], .. sample[Math.Min(sample.Length, at + random.Next(1, 5))..]];
            yield return [.. sample, .. inserted];
        }
    }

    private sealed class Tally
    {
        public int Decoded { get; set; }

        public int Rejected { get; private set; }

        public int Total => Decoded + Rejected;

        public double MaxAllocationRatio { get; set; }

        public Dictionary<ChannelStateFormatReason, int> Reasons { get; } = [];

        public void Reject(ChannelStateFormatReason reason)
        {
            Rejected++;
            Reasons[reason] = Reasons.GetValueOrDefault(reason) + 1;
        }
    }
}
