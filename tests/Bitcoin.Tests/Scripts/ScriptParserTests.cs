using Microchannels.Bitcoin.Scripts;

namespace Microchannels.Bitcoin.Tests.Scripts;

public class ScriptParserTests
{
    [Theory]
    [InlineData("05aabbccdd", "direct push of 5 with 4 bytes")]
    [InlineData("4c", "OP_PUSHDATA1 without its length")]
    [InlineData("4c05aabbccdd", "OP_PUSHDATA1 of 5 with 4 bytes")]
    [InlineData("4d01", "OP_PUSHDATA2 with half its length")]
    [InlineData("4d0001aabb", "OP_PUSHDATA2 of 256 with 2 bytes")]
    [InlineData("4e010000", "OP_PUSHDATA4 with 3 of its 4 length bytes")]
    [InlineData("4effffffffaabb", "OP_PUSHDATA4 claiming 4 GiB")]
    [InlineData("ac4b", "direct push at the very end")]
    public void Push_running_past_the_end_is_rejected(string hex, string because)
    {
        var script = Script.FromHex(hex);
        var exception = Assert.Throws<BitcoinFormatException>(() => ScriptParser.Parse(script));
        Assert.False(string.IsNullOrEmpty(exception.Message), because);
    }

    [Theory]
    [InlineData("4c00", 1)]
    [InlineData("4d0000", 1)]
    [InlineData("4e00000000", 1)]
    [InlineData("4c01ff4d0100ee4e01000000dd", 3)]
    [InlineData("", 0)]
    public void Non_minimal_but_complete_pushes_parse(string hex, int count)
    {
        Assert.Equal(count, ScriptParser.Parse(Script.FromHex(hex)).Length);
    }

    [Fact]
    public void Operations_of_a_P2PKH_script()
    {
        var script = Script.FromHex("76a9141d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac");

        var ops = ScriptParser.Parse(script);

        Assert.Equal(5, ops.Length);
        Assert.Equal(OpCode.OP_DUP, ops[0].OpCode);
        Assert.Equal(OpCode.OP_HASH160, ops[1].OpCode);
        Assert.True(ops[2].IsPush);
        Assert.Equal("1d0f172a0ecb48aee1be1f2687d2963ae33f71a1", Convert.ToHexStringLower(ops[2].Data.Span));
        Assert.Equal(OpCode.OP_EQUALVERIFY, ops[3].OpCode);
        Assert.Equal(OpCode.OP_CHECKSIG, ops[4].OpCode);
        Assert.False(ops[4].IsPush);
        Assert.True(ops[4].Data.IsEmpty);
        Assert.Equal("OP_DUP OP_HASH160 1d0f172a0ecb48aee1be1f2687d2963ae33f71a1 OP_EQUALVERIFY OP_CHECKSIG", script.ToAsm());
    }

    [Fact]
    public void Asm_names_canonical_opcodes_and_marks_a_truncated_tail()
    {
        Assert.Equal("0 -1 16 OP_CHECKLOCKTIMEVERIFY OP_CHECKSEQUENCEVERIFY OP_UNKNOWN(0xbb) [error]", Script.FromHex("004f60b1b2bb4c").ToAsm());
    }

    [Fact]
    public void Scripts_compare_by_bytes()
    {
        Assert.Equal(Script.FromHex("51ac"), new Script([0x51, 0xac]));
        Assert.True(Script.FromHex("51ac") == new Script([0x51, 0xac]));
        Assert.NotEqual(Script.FromHex("51ac"), Script.FromHex("51"));
        Assert.Equal(Script.FromHex("51ac").GetHashCode(), new Script([0x51, 0xac]).GetHashCode());
    }

    [Fact]
    public void Script_owns_its_bytes()
    {
        byte[] source = [0x51];
        var script = new Script(source);
        source[0] = 0x52;
        byte[] copy = script.ToBytes();
        copy[0] = 0x53;

        Assert.Equal("51", script.ToString());
    }

    [Fact]
    public void Malformed_script_hex_is_rejected()
    {
        Assert.Throws<BitcoinFormatException>(() => Script.FromHex("abc"));
    }
}
