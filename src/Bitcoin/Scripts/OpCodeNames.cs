using System.Collections.Frozen;
using System.Globalization;

namespace Microchannels.Bitcoin.Scripts;

/// <summary>
/// The canonical name of each opcode for <see cref="Script.ToAsm"/>. Aliases
/// share values with their canonical names, so they are excluded explicitly
/// rather than left to whichever name reflection happens to return.
/// </summary>
internal static class OpCodeNames
{
    private static readonly FrozenSet<string> Aliases = FrozenSet.Create(
        StringComparer.Ordinal,
        nameof(OpCode.OP_FALSE),
        nameof(OpCode.OP_TRUE),
        nameof(OpCode.OP_NOP2),
        nameof(OpCode.OP_NOP3),
        nameof(OpCode.OP_CLTV),
        nameof(OpCode.OP_CSV));

    private static readonly FrozenDictionary<OpCode, string> Names = Enum.GetNames<OpCode>()
        .Where(name => !Aliases.Contains(name))
        .ToFrozenDictionary(Enum.Parse<OpCode>, name => name);

    public static string Name(OpCode opCode) =>
        Names.TryGetValue(opCode, out string? name)
            ? name
            : string.Create(CultureInfo.InvariantCulture, $"OP_UNKNOWN(0x{(byte)opCode:x2})");
}
