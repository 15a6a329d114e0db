using System.Text;

namespace Microchannels.Bitcoin.Scripts;

/// <summary>
/// A script as raw bytes: a scriptPubKey, scriptSig, redeem or witness script.
/// Immutable: it owns a private copy of its bytes and hands out read-only views
/// or copies. Equality is byte equality. A script need not parse: scriptSigs and
/// scriptPubKeys on chain may hold arbitrary bytes, so parsing is a separate
/// step (<see cref="ScriptParser"/>).
/// </summary>
public sealed class Script : IEquatable<Script>
{
    private readonly byte[] _bytes;

    public Script(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes.ToArray();
    }

    private Script(byte[] ownedBytes, bool _)
    {
        _bytes = ownedBytes;
    }

    public static Script Empty { get; } = new(Array.Empty<byte>(), false);

    public int Length => _bytes.Length;

    public bool IsEmpty => _bytes.Length == 0;

    /// <summary>Parses hex text; malformed hex throws <see cref="BitcoinFormatException"/>.</summary>
    public static Script FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        try
        {
            return new Script(Convert.FromHexString(hex), false);
        }
        catch (FormatException e)
        {
            throw new BitcoinFormatException("Script hex is malformed.", e);
        }
    }

    /// <summary>Wraps an array nobody else holds; the caller gives up ownership.</summary>
    internal static Script FromOwnedArray(byte[] ownedBytes) => new(ownedBytes, false);

    public ReadOnlySpan<byte> AsSpan() => _bytes;

    public ReadOnlyMemory<byte> AsMemory() => _bytes;

    public byte[] ToBytes() => (byte[])_bytes.Clone();

    public override string ToString() => Convert.ToHexStringLower(_bytes);

    /// <summary>
    /// A human-readable rendering for logs and test failures: pushes as hex,
    /// small-number opcodes as numbers, other opcodes by name. A push that runs
    /// past the end is shown as "[error]" rather than thrown, because this is for
    /// looking at arbitrary scripts.
    /// </summary>
    public string ToAsm()
    {
        var text = new StringBuilder();
        int position = 0;
        while (position < _bytes.Length)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            if (!ScriptParser.TryReadOp(_bytes, ref position, out OpCode opCode, out Range data))
            {
                text.Append("[error]");
                break;
            }

            text.Append(ScriptOp.Describe(opCode, _bytes.AsSpan(data)));
        }

        return text.ToString();
    }

    public bool Equals(Script? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as Script);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    public static bool operator ==(Script? left, Script? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Script? left, Script? right) => !(left == right);
}
