using System.Text;
using System.Text.Json;
using Microchannels.Channels.Billing.Statements.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Billing.Statements;

/// <summary>
/// The statement file of docs/STATEMENTS.md: JSON, byte fields as lowercase hex,
/// integers as JSON numbers (u64, read exactly), fields in a fixed order so one
/// statement has one file. Parsing refuses anything else with a
/// <see cref="StatementFormatException"/>.
/// </summary>
public static class StatementJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    public static string Write(BillingStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("version", 1);
            json.WriteString("chain_hash", statement.ChainHash.ToHex());
            json.WriteString("channel_id", statement.ChannelId.ToHex());
            json.WriteString("provider_node_id", statement.ProviderNodeId.ToHex());
            json.WriteString("meter_node_id", statement.MeterNodeId.ToHex());
            json.WriteString("meter_reading_key", statement.MeterReadingKey.ToHex());
            json.WriteNumber("period_start", statement.PeriodStart);
            json.WriteNumber("period_end", statement.PeriodEnd);
            json.WriteNumber("tariff_msat_per_wh", statement.TariffMsatPerWh);
            json.WriteNumber("first_index", statement.FirstIndex);
            json.WriteStartArray("prefix");
            foreach (var hash in statement.Prefix)
            {
                json.WriteStringValue(hash.ToHex());
            }

            json.WriteEndArray();
            if (statement.Opening is { } opening)
            {
                json.WriteString("opening_reading", Convert.ToHexStringLower(opening.Encode()));
            }
            else
            {
                json.WriteNull("opening_reading");
            }

            json.WriteStartArray("readings");
            foreach (var reading in statement.Readings)
            {
                json.WriteStringValue(Convert.ToHexStringLower(reading.Encode()));
            }

            json.WriteEndArray();
            json.WriteNumber("tree_size", statement.TreeSize);
            json.WriteString("root", statement.Root.ToHex());
            json.WriteStartObject("totals");
            json.WriteNumber("import_wh", statement.Totals.ImportWh);
            json.WriteNumber("export_wh", statement.Totals.ExportWh);
            json.WriteNumber("amount_msat", statement.Totals.AmountMsat.Value);
            json.WriteEndObject();
            WriteSignature(json, "provider_signature", statement.ProviderSignature);
            WriteSignature(json, "meter_signature", statement.MeterSignature);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <exception cref="StatementFormatException">Not a statement file.</exception>
    public static BillingStatement Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (U64(root, "version") != 1)
            {
                throw new StatementFormatException("Only statement version 1 is known.");
            }

            var readings = Array(root, "readings").Select((e, i) => Reading(e, $"readings[{i}]")).ToList();
            var openingElement = Get(root, "opening_reading");
            var statement = new BillingStatement(
                new ChainHash(Hex(root, "chain_hash", ChainHash.Size)),
                new ChannelId(Hex(root, "channel_id", ChannelId.Size)),
                new Point(Hex(root, "provider_node_id", Point.Size)),
                new Point(Hex(root, "meter_node_id", Point.Size)),
                new Point(Hex(root, "meter_reading_key", Point.Size)),
                U64(root, "period_start"),
                U64(root, "period_end"),
                U64(root, "tariff_msat_per_wh"),
                U64(root, "first_index"),
                Array(root, "prefix").Select((e, i) => new Sha256Hash(HexValue(e, $"prefix[{i}]", Sha256Hash.Size))).ToList(),
                openingElement.ValueKind == JsonValueKind.Null ? null : Reading(openingElement, "opening_reading"),
                readings,
                new Sha256Hash(Hex(root, "root", Sha256Hash.Size)),
                new StatementTotals(U64(Get(root, "totals"), "import_wh"), U64(Get(root, "totals"), "export_wh"), new MilliSatoshis(U64(Get(root, "totals"), "amount_msat"))),
                Signature(root, "provider_signature"),
                Signature(root, "meter_signature"));
            if (U64(root, "tree_size") != statement.TreeSize)
            {
                throw new StatementFormatException($"tree_size is not first_index plus the {readings.Count} readings.");
            }

            return statement;
        }
        catch (JsonException e)
        {
            throw new StatementFormatException($"Not JSON: {e.Message}", e);
        }
        catch (WireFormatException e)
        {
            throw new StatementFormatException($"A reading is malformed: {e.Message}", e);
        }
    }

    private static void WriteSignature(Utf8JsonWriter json, string name, CompactSignature? signature)
    {
        if (signature is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, signature.ToHex());
        }
    }

    private static CompactSignature? Signature(JsonElement root, string name)
    {
        var element = Get(root, name);
        return element.ValueKind == JsonValueKind.Null ? null : new CompactSignature(HexValue(element, name, CompactSignature.Size));
    }

    private static SignedMeterReading Reading(JsonElement element, string name)
    {
        var bytes = HexValue(element, name, SignedMeterReading.EncodedLengthV2);
        var reader = new WireReader(bytes);
        var reading = SignedMeterReading.ReadV2(ref reader);
        reader.EnsureEnd();
        return reading;
    }

    private static JsonElement Get(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value)
            ? value
            : throw new StatementFormatException($"The statement has no \"{name}\".");

    private static IEnumerable<JsonElement> Array(JsonElement parent, string name)
    {
        var element = Get(parent, name);
        return element.ValueKind == JsonValueKind.Array
            ? element.EnumerateArray().ToList()
            : throw new StatementFormatException($"\"{name}\" is not an array.");
    }

    private static ulong U64(JsonElement parent, string name)
    {
        var element = Get(parent, name);
        return element.ValueKind == JsonValueKind.Number && element.TryGetUInt64(out ulong value)
            ? value
            : throw new StatementFormatException($"\"{name}\" is not an unsigned 64-bit integer.");
    }

    private static byte[] Hex(JsonElement parent, string name, int size) => HexValue(Get(parent, name), name, size);

    private static byte[] HexValue(JsonElement element, string name, int size)
    {
        string? text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        if (text is null || text.Length != size * 2 || text.Any(c => c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))))
        {
            throw new StatementFormatException($"\"{name}\" is not {size} bytes of lowercase hex.");
        }

        return Convert.FromHexString(text);
    }
}
