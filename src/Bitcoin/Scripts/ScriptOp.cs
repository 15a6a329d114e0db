using System.Globalization;

namespace Microchannels.Bitcoin.Scripts;

/// <summary>
/// One parsed script operation: an opcode and, for pushes, the pushed bytes.
/// For direct pushes (opcode bytes 0x01..0x4b) <see cref="OpCode"/> holds the
/// length byte itself, as in Bitcoin Core. <see cref="Data"/> is a read-only view
/// into the immutable script it came from.
/// </summary>
public readonly struct ScriptOp : IEquatable<ScriptOp>
{
    public ScriptOp(OpCode opCode, ReadOnlyMemory<byte> data)
    {
        OpCode = opCode;
        Data = data;
    }

    public OpCode OpCode { get; }

    /// <summary>The pushed bytes; empty for non-push opcodes and for OP_0.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>True for OP_0, direct pushes and OP_PUSHDATA1/2/4 (Core: opcode &lt;= OP_PUSHDATA4).</summary>
    public bool IsPush => OpCode <= OpCode.OP_PUSHDATA4;

    public static bool operator ==(ScriptOp left, ScriptOp right) => left.Equals(right);

    public static bool operator !=(ScriptOp left, ScriptOp right) => !left.Equals(right);

    public bool Equals(ScriptOp other) => OpCode == other.OpCode && Data.Span.SequenceEqual(other.Data.Span);

    public override bool Equals(object? obj) => obj is ScriptOp other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(OpCode);
        hash.AddBytes(Data.Span);
        return hash.ToHashCode();
    }

    public override string ToString() => Describe(OpCode, Data.Span);

    internal static string Describe(OpCode opCode, ReadOnlySpan<byte> data)
    {
        if (opCode is > OpCode.OP_0 and <= OpCode.OP_PUSHDATA4)
        {
            return Convert.ToHexStringLower(data);
        }

        return opCode switch
        {
            OpCode.OP_0 => "0",
            OpCode.OP_1NEGATE => "-1",
            >= OpCode.OP_1 and <= OpCode.OP_16 => (opCode - OpCode.OP_1 + 1).ToString(CultureInfo.InvariantCulture),
            _ => OpCodeNames.Name(opCode),
        };
    }
}
