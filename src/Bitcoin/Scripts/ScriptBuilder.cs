using Microchannels.Bitcoin.Encoding;

namespace Microchannels.Bitcoin.Scripts;

/// <summary>
/// Builds a script op by op. Every push uses the minimal encoding of BIP 62
/// rules 3 and 4 (Bitcoin Core's CheckMinimalPush), which segwit scripts must
/// use to be standard (BIP 141 MINIMALDATA policy) and which BOLT 3 scripts
/// assume when the spec writes them as opcodes.
/// </summary>
public sealed class ScriptBuilder
{
    private const int MaxDirectPush = 75;

    private readonly BitcoinWriter _writer = new(64);

    /// <summary>Appends a non-push opcode. Push opcodes go through <see cref="Push"/>.</summary>
    public ScriptBuilder Op(OpCode opCode)
    {
        if (opCode is > OpCode.OP_0 and <= OpCode.OP_PUSHDATA4)
        {
            throw new ArgumentException($"Opcode 0x{(byte)opCode:x2} is a push; use Push so the data follows it.", nameof(opCode));
        }

        _writer.WriteByte((byte)opCode);
        return this;
    }

    /// <summary>
    /// Pushes <paramref name="data"/> minimally (BIP 62 rule 3): empty as OP_0,
    /// one byte 1..16 as OP_1..OP_16, 0x81 as OP_1NEGATE, up to 75 bytes as a
    /// direct push, then OP_PUSHDATA1/2/4.
    /// </summary>
    public ScriptBuilder Push(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            _writer.WriteByte((byte)OpCode.OP_0);
        }
        else if (data.Length == 1 && data[0] is >= 1 and <= 16)
        {
            _writer.WriteByte((byte)(OpCode.OP_1 + data[0] - 1));
        }
        else if (data.Length == 1 && data[0] == 0x81)
        {
            _writer.WriteByte((byte)OpCode.OP_1NEGATE);
        }
        else if (data.Length <= MaxDirectPush)
        {
            _writer.WriteByte((byte)data.Length);
            _writer.WriteBytes(data);
        }
        else if (data.Length <= byte.MaxValue)
        {
            _writer.WriteByte((byte)OpCode.OP_PUSHDATA1);
            _writer.WriteByte((byte)data.Length);
            _writer.WriteBytes(data);
        }
        else if (data.Length <= ushort.MaxValue)
        {
            _writer.WriteByte((byte)OpCode.OP_PUSHDATA2);
            _writer.WriteUInt16((ushort)data.Length);
            _writer.WriteBytes(data);
        }
        else
        {
            _writer.WriteByte((byte)OpCode.OP_PUSHDATA4);
            _writer.WriteUInt32((uint)data.Length);
            _writer.WriteBytes(data);
        }

        return this;
    }

    /// <summary>
    /// Pushes a number minimally (Bitcoin Core's CScript::push_int64): 0 as OP_0,
    /// -1 and 1..16 as their opcodes, anything else as the minimal script-number
    /// encoding. BOLT 3 writes to_self_delay this way ("`to_self_delay`
    /// OP_CHECKSEQUENCEVERIFY").
    /// </summary>
    public ScriptBuilder Number(long value)
    {
        if (value == -1)
        {
            return Op(OpCode.OP_1NEGATE);
        }

        if (value is >= 1 and <= 16)
        {
            return Op(OpCode.OP_1 + (byte)(value - 1));
        }

        // Zero encodes as the empty push (OP_0); other values never encode to a
        // single byte 1..16 or 0x81, so Push keeps them as data pushes.
        return Push(ScriptNumber.Encode(value));
    }

    public Script Build() => Script.FromOwnedArray(_writer.ToArray());
}
