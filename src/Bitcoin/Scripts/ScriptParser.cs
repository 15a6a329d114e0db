using System.Buffers.Binary;
using System.Collections.Immutable;

namespace Microchannels.Bitcoin.Scripts;

/// <summary>
/// Splits a script into operations with strict bounds: a push whose length runs
/// past the end of the script throws <see cref="BitcoinFormatException"/>.
/// </summary>
public static class ScriptParser
{
    /// <summary>
    /// Every operation of <paramref name="script"/>, in order. The result never
    /// holds more entries than the script has bytes, and push data are views into
    /// the script, not copies.
    /// </summary>
    public static ImmutableArray<ScriptOp> Parse(Script script)
    {
        ArgumentNullException.ThrowIfNull(script);
        ReadOnlyMemory<byte> bytes = script.AsMemory();
        var ops = ImmutableArray.CreateBuilder<ScriptOp>();
        int position = 0;
        while (position < bytes.Length)
        {
            int start = position;
            if (!TryReadOp(bytes.Span, ref position, out OpCode opCode, out Range data))
            {
                throw new BitcoinFormatException(
                    $"Push at offset {start} of a {bytes.Length}-byte script runs past its end.");
            }

            ops.Add(new ScriptOp(opCode, bytes[data]));
        }

        return ops.ToImmutable();
    }

    /// <summary>
    /// Reads the operation at <paramref name="position"/> exactly as Bitcoin
    /// Core's GetScriptOp (script/script.cpp) does, including where the position
    /// is left when a push is truncated: after the opcode, and after the length
    /// field if that was complete. The legacy signature hash depends on that
    /// position when its scriptCode is malformed.
    /// </summary>
    internal static bool TryReadOp(ReadOnlySpan<byte> script, ref int position, out OpCode opCode, out Range data)
    {
        opCode = OpCode.OP_INVALIDOPCODE;
        data = default;
        if (position >= script.Length)
        {
            return false;
        }

        byte raw = script[position++];
        if (raw <= (byte)OpCode.OP_PUSHDATA4)
        {
            uint size;
            int remaining = script.Length - position;
            switch ((OpCode)raw)
            {
                case < OpCode.OP_PUSHDATA1:
                    size = raw;
                    break;
                case OpCode.OP_PUSHDATA1:
                    if (remaining < 1)
                    {
                        return false;
                    }

                    size = script[position];
                    position += 1;
                    break;
                case OpCode.OP_PUSHDATA2:
                    if (remaining < 2)
                    {
                        return false;
                    }

                    size = BinaryPrimitives.ReadUInt16LittleEndian(script.Slice(position, 2));
                    position += 2;
                    break;
                default:
                    if (remaining < 4)
                    {
                        return false;
                    }

                    size = BinaryPrimitives.ReadUInt32LittleEndian(script.Slice(position, 4));
                    position += 4;
                    break;
            }

            if ((uint)(script.Length - position) < size)
            {
                return false;
            }

            data = new Range(position, position + (int)size);
            position += (int)size;
        }
        else
        {
            data = new Range(position, position);
        }

        opCode = (OpCode)raw;
        return true;
    }
}
