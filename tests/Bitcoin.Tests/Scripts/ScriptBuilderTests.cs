using System.Collections.Immutable;
using Microchannels.Bitcoin.Scripts;

namespace Microchannels.Bitcoin.Tests.Scripts;

/// <summary>Minimal pushes (BIP 62 rules 3 and 4) and their round trip through the parser.</summary>
public class ScriptBuilderTests
{
    public static TheoryData<string, string> SingleBytePushes => new()
    {
        { "00", "0100" },
        { "01", "51" },
        { "02", "52" },
        { "10", "60" },
        { "81", "4f" },
        { "80", "0180" },
        { "11", "0111" },
        { "ff", "01ff" },
    };

    [Fact]
    public void Empty_push_is_OP_0()
    {
        Assert.Equal("00", new ScriptBuilder().Push([]).Build().ToString());
    }

    [Theory]
    [MemberData(nameof(SingleBytePushes))]
    public void Single_byte_push_uses_the_shortest_form(string data, string expected)
    {
        Script script = new ScriptBuilder().Push(Convert.FromHexString(data)).Build();

        Assert.Equal(expected, script.ToString());
        Assert.Equal(Convert.FromHexString(data), PushedValue(Assert.Single(ScriptParser.Parse(script))));
    }

    [Theory]
    [InlineData(2, "02")]
    [InlineData(75, "4b")]
    [InlineData(76, "4c4c")]
    [InlineData(255, "4cff")]
    [InlineData(256, "4d0001")]
    [InlineData(520, "4d0802")]
    [InlineData(65535, "4dffff")]
    [InlineData(65536, "4e00000100")]
    public void Longer_push_uses_the_smallest_length_prefix(int length, string prefix)
    {
        byte[] data = [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7))];

        Script script = new ScriptBuilder().Push(data).Build();

        Assert.Equal(prefix, Convert.ToHexStringLower(script.AsSpan()[..(prefix.Length / 2)]));
        Assert.Equal(length + (prefix.Length / 2), script.Length);
        ScriptOp op = Assert.Single(ScriptParser.Parse(script));
        Assert.Equal(data, op.Data.ToArray());
    }

    [Theory]
    [InlineData(0, "00")]
    [InlineData(1, "51")]
    [InlineData(16, "60")]
    [InlineData(17, "0111")]
    [InlineData(-1, "4f")]
    [InlineData(-2, "0182")]
    [InlineData(127, "017f")]
    [InlineData(128, "028000")]
    [InlineData(144, "029000")]
    [InlineData(255, "02ff00")]
    [InlineData(256, "020001")]
    [InlineData(32767, "02ff7f")]
    [InlineData(32768, "03008000")]
    [InlineData(-128, "028080")]
    [InlineData(-255, "02ff80")]
    [InlineData(500_000_000, "040065cd1d")]
    [InlineData(long.MaxValue, "08ffffffffffffff7f")]
    [InlineData(long.MinValue, "09000000000000008080")]
    public void Number_uses_the_minimal_script_number_encoding(long value, string expected)
    {
        Script script = new ScriptBuilder().Number(value).Build();

        Assert.Equal(expected, script.ToString());
        Assert.Equal(value, DecodeNumber(PushedValue(Assert.Single(ScriptParser.Parse(script)))));
    }

    [Fact]
    public void Built_script_parses_back_into_the_same_operations()
    {
        byte[] key = [0x02, .. Enumerable.Repeat((byte)0xab, 32)];
        Script script = new ScriptBuilder()
            .Op(OpCode.OP_IF)
            .Push(key)
            .Op(OpCode.OP_ELSE)
            .Number(144)
            .Op(OpCode.OP_CSV)
            .Op(OpCode.OP_DROP)
            .Push(key)
            .Op(OpCode.OP_ENDIF)
            .Op(OpCode.OP_CHECKSIG)
            .Build();

        ImmutableArray<ScriptOp> ops = ScriptParser.Parse(script);

        Assert.Equal(
            [OpCode.OP_IF, (OpCode)33, OpCode.OP_ELSE, (OpCode)2, OpCode.OP_CHECKSEQUENCEVERIFY, OpCode.OP_DROP, (OpCode)33, OpCode.OP_ENDIF, OpCode.OP_CHECKSIG],
            ops.Select(op => op.OpCode));
        Assert.Equal(key, ops[1].Data.ToArray());
        Assert.Equal("9000", Convert.ToHexStringLower(ops[3].Data.Span));
        string keyHex = Convert.ToHexStringLower(key);
        Assert.Equal($"OP_IF {keyHex} OP_ELSE 9000 OP_CHECKSEQUENCEVERIFY OP_DROP {keyHex} OP_ENDIF OP_CHECKSIG", script.ToAsm());
    }

    [Theory]
    [InlineData(OpCode.OP_PUSHDATA1)]
    [InlineData(OpCode.OP_PUSHDATA4)]
    [InlineData((OpCode)20)]
    public void Op_refuses_push_opcodes(OpCode opCode)
    {
        Assert.Throws<ArgumentException>(() => new ScriptBuilder().Op(opCode));
    }

    /// <summary>The bytes a push-like op leaves on the stack (OP_0, OP_1NEGATE and OP_1..16 included).</summary>
    private static byte[] PushedValue(ScriptOp op) => op.OpCode switch
    {
        OpCode.OP_1NEGATE => [0x81],
        >= OpCode.OP_1 and <= OpCode.OP_16 => [(byte)(op.OpCode - OpCode.OP_1 + 1)],
        _ when op.IsPush => op.Data.ToArray(),
        _ => throw new InvalidOperationException($"{op} pushes nothing"),
    };

    /// <summary>Independent decoder (Core's CScriptNum::set_vch, widened to 9 bytes).</summary>
    private static long DecodeNumber(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return 0;
        }

        Int128 magnitude = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = i == bytes.Length - 1 ? (byte)(bytes[i] & 0x7f) : bytes[i];
            magnitude |= (Int128)b << (8 * i);
        }

        return (long)((bytes[^1] & 0x80) != 0 ? -magnitude : magnitude);
    }
}
