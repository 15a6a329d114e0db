namespace Microchannels.Meter.Sources.Sml;

/// <summary>
/// The registers in one frame's SML messages. A message is a list of six: transactionId,
/// groupNo, abortOnError, messageBody (a choice: tag and content), crc16 and endOfSmlMsg.
/// Only <c>SML_GetList.Res</c> (tag 0x0701) carries registers: its fifth element, valList,
/// holds entries of seven: objName (the OBIS code), status, valTime, unit, scaler, value,
/// valueSignature. Other messages (open, close) are read and passed over.
/// </summary>
public static class SmlMessages
{
    private const ulong GetListResponse = 0x0701;

    private const int MaximumScaler = 8;

    /// <exception cref="SmlMalformedException">A message or list entry of the wrong shape.</exception>
    /// <exception cref="SmlTruncatedFrameException">A value runs past the data.</exception>
    public static IReadOnlyDictionary<ObisCode, SmlRegisterValue> ReadRegisters(ReadOnlySpan<byte> messages)
    {
        var registers = new Dictionary<ObisCode, SmlRegisterValue>();
        var reader = new SmlValueReader(messages);
        while (!reader.AtEnd)
        {
            int offset = reader.Position;
            switch (reader.Read())
            {
                case SmlValue.EndOfMessage:
                    continue; // fill a meter left inside the frame
                case SmlValue.List { Items.Count: 6 } message:
                    ReadMessage(message, offset, registers);
                    break;
                default:
                    throw new SmlMalformedException("expected an SML message (a list of six)", offset);
            }
        }

        return registers;
    }

    private static void ReadMessage(SmlValue.List message, int offset, Dictionary<ObisCode, SmlRegisterValue> registers)
    {
        if (message.Items[3] is not SmlValue.List { Items: [SmlValue.Unsigned tag, var body] })
        {
            throw new SmlMalformedException("the message body is not a choice of tag and content", offset);
        }

        if (tag.Value != GetListResponse)
        {
            return;
        }

        if (body is not SmlValue.List { Items.Count: 7 } response || response.Items[4] is not SmlValue.List entries)
        {
            throw new SmlMalformedException("SML_GetList.Res is not a list of seven with a value list", offset);
        }

        foreach (var entry in entries.Items)
        {
            if (ReadEntry(entry, offset) is { } value)
            {
                registers[value.Code] = value;
            }
        }
    }

    private static SmlRegisterValue? ReadEntry(SmlValue entry, int offset)
    {
        if (entry is not SmlValue.List { Items.Count: 7 } items)
        {
            throw new SmlMalformedException("an SML_ListEntry is not a list of seven", offset);
        }

        if (items.Items[0] is not SmlValue.OctetString name || ObisCode.FromBytes(name.Bytes) is not { } code)
        {
            throw new SmlMalformedException("an SML_ListEntry's objName is not a six-byte OBIS code", offset);
        }

        int? unit = items.Items[3] switch
        {
            SmlValue.Unsigned u when u.Value <= byte.MaxValue => (int)u.Value,
            SmlValue.Absent => null,
            _ => throw new SmlMalformedException($"the unit of {code} is not an unsigned byte", offset),
        };
        int scaler = items.Items[4] switch
        {
            // A meter scales by a few decades at most; beyond ±8 a 64-bit register in 0.1 Wh
            // would not fit a decimal, so such a scaler is refused rather than overflowed.
            SmlValue.Integer i when i.Value is >= -MaximumScaler and <= MaximumScaler => (int)i.Value,
            SmlValue.Absent => 0,
            _ => throw new SmlMalformedException($"the scaler of {code} is not a signed byte within ±{MaximumScaler}", offset),
        };
        return items.Items[5] switch
        {
            SmlValue.Integer i => new SmlRegisterValue(code, i.Value, null, unit, scaler),
            SmlValue.Unsigned u => new SmlRegisterValue(code, null, u.Value, unit, scaler),
            _ => null, // names, server ids, public keys: not registers
        };
    }
}
