using System.Globalization;

namespace Microchannels.Meter.Sources.Replay;

/// <summary>
/// A recorded meter, as text:
/// <code>
/// microchannels-replay/1 edges 1000        (or: registers 10000)
/// # comments and blank lines are ignored
/// 1200000                                  (edges: one falling edge, µs since the start)
/// 1200000 6074471 12667286                 (registers: µs, import units, export units)
/// </code>
/// The last header field is the units per kWh (the S0 constant for edges). The whole file is
/// checked before any of it is used, so a bad line anywhere counts nothing.
/// </summary>
public sealed record ReplayRecording(ReplayKind Kind, uint UnitsPerKilowattHour, IReadOnlyList<ReplayEntry> Entries)
{
    public const string Magic = "microchannels-replay/1";

    /// <summary>Reads and checks the recording in the file at <paramref name="path"/>.</summary>
    /// <exception cref="ReplayException">The recording is refused; see the derived types.</exception>
    public static ReplayRecording Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader);
    }

    /// <exception cref="ReplayException">The recording is refused; see the derived types.</exception>
    public static ReplayRecording Parse(TextReader text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int number = 0;
        (ReplayKind Kind, uint Units)? header = null;
        var entries = new List<ReplayEntry>();
        while (text.ReadLine() is { } raw)
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (header is not { } h)
            {
                header = ParseHeader(number, fields);
                continue;
            }

            var entry = ParseEntry(number, h.Kind, fields);
            if (entries.Count > 0)
            {
                CheckForward(number, entries[^1], entry);
            }

            entries.Add(entry);
        }

        if (header is not { } found)
        {
            throw new ReplayHeaderException(Math.Max(number, 1), $"no '{Magic}' header");
        }

        return new ReplayRecording(found.Kind, found.Units, entries);
    }

    private static (ReplayKind, uint) ParseHeader(int number, string[] fields)
    {
        if (fields.Length != 3 || fields[0] != Magic)
        {
            throw new ReplayHeaderException(number, $"expected '{Magic} edges|registers UNITS_PER_KWH'");
        }

        var kind = fields[1] switch
        {
            "edges" => ReplayKind.Edges,
            "registers" => ReplayKind.Registers,
            _ => throw new ReplayHeaderException(number, $"unknown kind '{fields[1]}'"),
        };
        if (!uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint units)
            || (kind == ReplayKind.Edges ? units is < 800 or > 100_000 : units is 0 or > 1_000_000))
        {
            throw new ReplayHeaderException(number, $"'{fields[2]}' is not a usable number of units per kWh");
        }

        return (kind, units);
    }

    private static ReplayEntry ParseEntry(int number, ReplayKind kind, string[] fields)
    {
        int expected = kind == ReplayKind.Edges ? 1 : 3;
        if (fields.Length != expected)
        {
            throw new ReplayLineFormatException(number, $"{fields.Length} fields, expected {expected}");
        }

        var values = fields.Select(f => ulong.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v)
            ? v
            : throw new ReplayLineFormatException(number, $"'{f}' is not an unsigned integer")).ToArray();
        return kind == ReplayKind.Edges ? new ReplayEntry(values[0], 0, 0) : new ReplayEntry(values[0], values[1], values[2]);
    }

    private static void CheckForward(int number, ReplayEntry previous, ReplayEntry entry)
    {
        if (entry.Micros < previous.Micros)
        {
            throw new ReplayTimeWentBackException(number, previous.Micros, entry.Micros);
        }

        if (entry.ImportUnits < previous.ImportUnits)
        {
            throw new ReplayRegisterWentBackException(number, "import", previous.ImportUnits, entry.ImportUnits);
        }

        if (entry.ExportUnits < previous.ExportUnits)
        {
            throw new ReplayRegisterWentBackException(number, "export", previous.ExportUnits, entry.ExportUnits);
        }
    }
}
