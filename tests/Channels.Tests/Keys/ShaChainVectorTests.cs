using Microchannels.Channels.Keys;
using Microchannels.Channels.Tests.Vectors;

namespace Microchannels.Channels.Tests.Keys;

/// <summary>BOLT 3 Appendix D, read from the pinned spec so no case can be dropped silently.</summary>
public class ShaChainVectorTests
{
    public static TheoryData<string, string, ulong, string> GenerationVectors()
    {
        var data = new TheoryData<string, string, ulong, string>();
        foreach (var block in Blocks("## Generation Tests", "## Storage Tests"))
        {
            data.Add(block.Name, Value(block, "seed:"), ParseIndex(Value(block, "I:")), Value(block, "output:"));
        }

        return data;
    }

    public static TheoryData<string> StorageVectorNames()
    {
        var data = new TheoryData<string>();
        foreach (var block in Blocks("## Storage Tests", null))
        {
            data.Add(block.Name);
        }

        return data;
    }

    [Fact]
    public void Appendix_D_has_the_expected_number_of_cases()
    {
        Assert.Equal(5, GenerationVectors().Count);
        Assert.Equal(9, StorageVectorNames().Count);
    }

    [Theory]
    [MemberData(nameof(GenerationVectors))]
    public void Generate_from_seed_matches_appendix_D(string name, string seed, ulong index, string expected)
    {
        var secret = ShaChain.GenerateFromSeed(SpecFile.Hex(seed), index);
        Assert.True(SpecFile.Hex(expected).AsSpan().SequenceEqual(secret), name);
    }

    [Theory]
    [MemberData(nameof(StorageVectorNames))]
    public void Insert_secret_matches_appendix_D(string name)
    {
        var block = Blocks("## Storage Tests", null).Single(b => b.Name == name);
        var store = PerCommitmentSecretStore.Empty;
        var inserted = new List<(ulong Index, byte[] Secret)>();
        for (int i = 0; i < block.Lines.Count; i++)
        {
            if (!block.Lines[i].StartsWith("I:", StringComparison.Ordinal))
            {
                continue;
            }

            ulong index = ParseIndex(block.Lines[i][2..].Trim());
            var secret = SpecFile.Hex(block.Lines[i + 1]["secret:".Length..].Trim());
            var expectOk = block.Lines[i + 2]["output:".Length..].Trim() == "OK";
            if (expectOk)
            {
                store = store.Insert(secret, index);
                inserted.Add((index, secret));
            }
            else
            {
                var before = store.Serialize();
                Assert.Throws<InvalidPerCommitmentSecretException>(() => store.Insert(secret, index));
                Assert.Equal(before, store.Serialize());
            }
        }

        // Every secret accepted so far is derivable from the compact store.
        if (!name.Contains("incorrect", StringComparison.Ordinal))
        {
            foreach (var (index, secret) in inserted)
            {
                Assert.Equal(secret, store.GetSecret(index));
            }
        }
    }

    private static ulong ParseIndex(string text) =>
        text.StartsWith("0x", StringComparison.Ordinal)
            ? Convert.ToUInt64(text[2..], 16)
            : ulong.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static string Value(VectorBlock block, string key) =>
        block.Lines.Single(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim();

    private static List<VectorBlock> Blocks(string fromHeading, string? toHeading)
    {
        var appendix = SpecFile.Appendix("03-transactions.md", "# Appendix D");
        int start = appendix.IndexOf(fromHeading, StringComparison.Ordinal);
        int end = toHeading is null ? appendix.Length : appendix.IndexOf(toHeading, StringComparison.Ordinal);
        var blocks = new List<VectorBlock>();
        foreach (var raw in appendix[start..end].Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("name:", StringComparison.Ordinal))
            {
                blocks.Add(new VectorBlock(line["name:".Length..].Trim(), []));
            }
            else if (blocks.Count > 0 && line.Length > 0)
            {
                blocks[^1].Lines.Add(line);
            }
        }

        return blocks;
    }

    private sealed record VectorBlock(string Name, List<string> Lines);
}
