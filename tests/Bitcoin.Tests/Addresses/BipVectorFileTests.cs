namespace Microchannels.Bitcoin.Tests.Addresses;

/// <summary>
/// The vectors in <see cref="Bip173Vectors"/> and <see cref="Bip350Vectors"/> are
/// exactly those in the pinned BIP files: none dropped, none altered, none invented.
/// </summary>
public class BipVectorFileTests
{
    [Fact]
    public void Bip173_embedded_vectors_equal_the_file()
    {
        var file = BipVectorFile.Load("bip-0173.mediawiki", "===Test vectors===");

        Assert.Equal(7, file.ValidChecksums.Count);
        Assert.Equal(12, file.InvalidChecksums.Count);
        Assert.Equal(6, file.ValidAddresses.Count);
        Assert.Equal(10, file.InvalidAddresses.Count);

        Assert.Equal(file.ValidChecksums, Strings(Bip173Vectors.ValidBech32));
        Assert.Equal(file.InvalidChecksums, Bip173Vectors.InvalidBech32.Select(row => ((string)row[0]!, (string)row[1]!)));
        Assert.Equal(file.ValidAddresses, Bip173Vectors.SegwitAddresses.Select(row => ((string)row[0]!, (string)row[1]!)));
        Assert.Equal(file.InvalidAddresses, Bip173Vectors.InvalidSegwitAddresses.Select(row => ((string)row[0]!, (string)row[1]!)));
    }

    [Fact]
    public void Bip350_embedded_vectors_equal_the_file()
    {
        var file = BipVectorFile.Load("bip-0350.mediawiki", "==Test vectors==");

        Assert.Equal(7, file.ValidChecksums.Count);
        Assert.Equal(14, file.InvalidChecksums.Count);
        Assert.Equal(8, file.ValidAddresses.Count);
        Assert.Equal(15, file.InvalidAddresses.Count);

        Assert.Equal(file.ValidChecksums, Strings(Bip350Vectors.ValidBech32m));
        Assert.Equal(file.InvalidChecksums, Bip350Vectors.InvalidBech32m.Select(row => ((string)row[0]!, (string)row[1]!)));
        Assert.Equal(file.ValidAddresses, Bip350Vectors.ValidSegwitAddresses.Select(row => ((string)row[0]!, (string)row[1]!)));
        Assert.Equal(file.InvalidAddresses, Bip350Vectors.InvalidSegwitAddresses.Select(row => ((string)row[0]!, (string)row[1]!)));
    }

    private static List<string> Strings(IEnumerable<object?[]> rows) => [.. rows.Select(row => (string)row[0]!)];
}
