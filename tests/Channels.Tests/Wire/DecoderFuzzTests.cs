using System.Diagnostics;
using Microchannels.Channels.Wire;
using Xunit.Abstractions;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>
/// Seeded mutation testing of <see cref="MessageCodec.Decode"/>: every mutant of
/// every sample message must either decode, and then re-encode to the very same
/// bytes (our decoding is canonical), or throw <see cref="WireFormatException"/>.
/// Any other exception escapes and fails the test. Each decode must also allocate
/// no more than a small multiple of its input, whatever lengths the input claims.
/// </summary>
public class DecoderFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 0x6d637263; // "mcrc"
    private const int RequiredMutants = 100_000;

    [Fact]
    public void Every_mutant_decodes_canonically_or_throws_WireFormatException_with_bounded_allocation()
    {
        // Pass 1 warms every code path (first throws and JIT tiers allocate once per
        // process); pass 2 regenerates the same mutants from the same seed and measures.
        Run(measure: false);
        var clock = Stopwatch.StartNew();
        var tally = Run(measure: true);

        output.WriteLine($"{tally.Total} mutants: {tally.Decoded} decoded, {tally.Rejected} rejected, in {clock.ElapsedMilliseconds} ms.");
        Assert.True(tally.Total >= RequiredMutants, $"only {tally.Total} mutants");
        Assert.True(tally.Decoded > 1_000 && tally.Rejected > 1_000, $"{tally.Decoded} decoded, {tally.Rejected} rejected");
    }

    private static Tally Run(bool measure)
    {
        var random = new Random(Seed);
        var tally = new Tally();
        foreach (byte[] sample in SampleMessages.All.Select(MessageCodec.Encode))
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
        LightningMessage? message = null;
        try
        {
            message = MessageCodec.Decode(input).Message;
        }
        catch (WireFormatException)
        {
            tally.Rejected++;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long bound = (16L * input.Length) + 2048;
        if (measure && allocated > bound)
        {
            Assert.Fail($"Decoding {input.Length} bytes allocated {allocated} > {bound}: {Convert.ToHexStringLower(input)}");
        }

        if (message is not null)
        {
            tally.Decoded++;
            byte[] again = MessageCodec.Encode(message);
            if (!again.AsSpan().SequenceEqual(input))
            {
                Assert.Fail($"Decoded but re-encoded differently: {Convert.ToHexStringLower(input)} -> {Convert.ToHexStringLower(again)}");
            }
        }
    }

    private static IEnumerable<byte[]> Mutants(byte[] sample, Random random)
    {
        // Truncation at every length.
        for (int length = 0; length < sample.Length; length++)
        {
            yield return sample[..length];
        }

        // Every single bit flipped.
        for (int bit = 0; bit < sample.Length * 8; bit++)
        {
            byte[] flipped = (byte[])sample.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            yield return flipped;
        }

        // Several random bit flips at once.
        for (int i = 0; i < 1_500; i++)
        {
            byte[] flipped = (byte[])sample.Clone();
            int flips = random.Next(2, 9);
            for (int f = 0; f < flips; f++)
            {
                int bit = random.Next(sample.Length * 8);
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            }

            yield return flipped;
        }

        // Length-field corruption: every 2-byte window set to boundary values, and
        // BigSize prefixes claiming huge lengths, wherever a length could sit.
        ushort[] lengths = [0x0000, 0x0001, 0x00fd, 0x7fff, 0xfffe, 0xffff];
        for (int offset = 0; offset + 2 <= sample.Length; offset++)
        {
            foreach (ushort length in lengths)
            {
                byte[] corrupted = (byte[])sample.Clone();
                corrupted[offset] = (byte)(length >> 8);
                corrupted[offset + 1] = (byte)length;
                yield return corrupted;
            }
        }

        for (int offset = 2; offset < sample.Length; offset++)
        {
            foreach (byte prefix in new byte[] { 0xfd, 0xfe, 0xff })
            {
                byte[] corrupted = (byte[])sample.Clone();
                corrupted[offset] = prefix;
                yield return corrupted;
            }
        }

        // Random extensions: raw bytes, and plausible TLV records with honest or lying lengths.
        for (int i = 0; i < 800; i++)
        {
            byte[] tail = new byte[random.Next(1, 48)];
            random.NextBytes(tail);
            yield return [.. sample, .. tail];
            yield return [.. sample, .. RandomRecords(random)];
        }
    }

    private static byte[] RandomRecords(Random random)
    {
        var writer = new WireWriter();
        ulong type = (ulong)random.Next(0, 8);
        int records = random.Next(1, 5);
        for (int r = 0; r < records; r++)
        {
            type += (ulong)random.Next(random.Next(4) == 0 ? 0 : 1, 300);
            int length = random.Next(0, 40);
            writer.WriteBigSize(type);
            writer.WriteBigSize(random.Next(8) == 0 ? (ulong)random.NextInt64() : (ulong)length);
            byte[] value = new byte[length];
            random.NextBytes(value);
            writer.WriteBytes(value);
        }

        return writer.ToArray();
    }

    private sealed class Tally
    {
        public int Decoded { get; set; }

        public int Rejected { get; set; }

        public int Total => Decoded + Rejected;
    }
}
