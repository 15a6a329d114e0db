using System.Globalization;
using System.Text.RegularExpressions;

namespace Microchannels.Bitcoin.Tests.Addresses;

/// <summary>
/// Reads the test-vector lists of BIP 173 / BIP 350 straight from the pinned
/// .mediawiki files, so the embedded copies can be checked against them.
/// A list item looks like <c>* [0xNN + ]&lt;tt&gt;text&lt;/tt&gt;[ + 0xNN][: &lt;tt&gt;hex&lt;/tt&gt; | : reason]</c>.
/// </summary>
internal sealed partial class BipVectorFile
{
    private BipVectorFile(
        List<string> validChecksums,
        List<(string Input, string Reason)> invalidChecksums,
        List<(string Address, string ScriptHex)> validAddresses,
        List<(string Address, string Reason)> invalidAddresses)
    {
        ValidChecksums = validChecksums;
        InvalidChecksums = invalidChecksums;
        ValidAddresses = validAddresses;
        InvalidAddresses = invalidAddresses;
    }

    public List<string> ValidChecksums { get; }

    public List<(string Input, string Reason)> InvalidChecksums { get; }

    public List<(string Address, string ScriptHex)> ValidAddresses { get; }

    public List<(string Address, string Reason)> InvalidAddresses { get; }

    /// <summary>Parses the lines under <paramref name="startHeading"/>, up to the next heading of the same or a higher level.</summary>
    public static BipVectorFile Load(string fileName, string startHeading)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "spec", "bips", fileName);
        var lines = File.ReadAllLines(path);
        var start = Array.IndexOf(lines, startHeading);
        Assert.True(start >= 0, $"heading {startHeading} not found in {fileName}");

        var level = Level(startHeading);
        var file = new BipVectorFile([], [], [], []);
        var list = 0; // 1 valid checksum, 2 invalid checksum, 3 valid address, 4 invalid address
        for (var i = start + 1; i < lines.Length && (Level(lines[i]) == 0 || Level(lines[i]) > level); i++)
        {
            var line = lines[i];
            if (line.StartsWith("The following", StringComparison.Ordinal))
            {
                list = line.Contains("not valid", StringComparison.Ordinal) ? 2
                    : line.Contains("invalid segwit", StringComparison.Ordinal) ? 4
                    : line.Contains("valid segwit", StringComparison.Ordinal) ? 3
                    : line.Contains("are valid", StringComparison.Ordinal) ? 1
                    : throw new InvalidOperationException($"unrecognised list heading: {line}");
                continue;
            }

            var match = Item().Match(line);
            if (!match.Success)
            {
                Assert.False(line.StartsWith("* ", StringComparison.Ordinal), $"unparsed vector line: {line}");
                continue;
            }

            var text = Byte(match.Groups["pre"]) + match.Groups["text"].Value + Byte(match.Groups["post"]);
            var reason = match.Groups["reason"].Value;
            switch (list)
            {
                case 1: file.ValidChecksums.Add(text); break;
                case 2: file.InvalidChecksums.Add((text, reason)); break;
                case 3: file.ValidAddresses.Add((text, match.Groups["hex"].Value)); break;
                case 4: file.InvalidAddresses.Add((text, reason)); break;
                default: throw new InvalidOperationException($"vector outside any list: {line}");
            }
        }

        return file;
    }

    private static int Level(string line) => line.Length - line.TrimStart('=').Length;

    private static string Byte(Group group) =>
        group.Success ? ((char)int.Parse(group.Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString() : string.Empty;

    [GeneratedRegex(@"^\* (?:0x(?<pre>[0-9A-F]{2}) \+ )?<tt>(?<text>[^<]*)</tt>(?: \+ 0x(?<post>[0-9A-F]{2}))?(?:: (?:<tt>(?<hex>[0-9a-f]+)</tt>|(?<reason>.+)))?")]
    private static partial Regex Item();
}
