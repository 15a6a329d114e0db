namespace Microchannels.Bitcoin.Addresses;

/// <summary>
/// A native segwit address: a witness version and program on one network
/// (BIP 173, "Segwit address format", as amended by BIP 350, "Addresses for
/// segregated witness outputs": version 0 uses Bech32, versions 1 to 16 use Bech32m).
/// </summary>
public sealed class SegwitAddress : IEquatable<SegwitAddress>
{
    /// <summary>BIP 141: a witness program is 2 to 40 bytes.</summary>
    public const int MinProgramLength = 2;

    /// <summary>BIP 141: a witness program is 2 to 40 bytes.</summary>
    public const int MaxProgramLength = 40;

    /// <summary>BIP 141: witness versions are 0 to 16 (OP_0 to OP_16).</summary>
    public const int MaxWitnessVersion = 16;

    private readonly byte[] _program;

    /// <summary>
    /// An address for a witness program. Arguments that no address can carry are
    /// programming errors and throw <see cref="ArgumentException"/>.
    /// </summary>
    public SegwitAddress(Network network, int witnessVersion, ReadOnlySpan<byte> program)
    {
        ArgumentNullException.ThrowIfNull(network);
        var error = CheckProgram(witnessVersion, program.Length);
        if (error.Length != 0)
        {
            throw new ArgumentException(error, nameof(program));
        }

        Network = network;
        WitnessVersion = witnessVersion;
        _program = program.ToArray();
    }

    public Network Network { get; }

    public int WitnessVersion { get; }

    public ReadOnlyMemory<byte> Program => _program;

    /// <summary>
    /// Parses a segwit address. With <paramref name="expected"/>, its HRP must be that
    /// network's; without, the HRP must be a known one ("tb" is read as testnet).
    /// Throws <see cref="AddressFormatException"/> naming the rule broken.
    /// </summary>
    public static SegwitAddress Parse(string address, Network? expected = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!TryParse(address, expected, out var result, out var error))
        {
            throw new AddressFormatException(error);
        }

        return result;
    }

    /// <summary>As <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse(string? address, Network? expected, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SegwitAddress? result)
    {
        if (address is null)
        {
            result = null;
            return false;
        }

        var ok = TryParse(address, expected, out var parsed, out _);
        result = ok ? parsed : null;
        return ok;
    }

    internal static bool TryParse(string address, Network? expected, out SegwitAddress result, out string error)
    {
        result = null!;
        if (!Bech32.TryDecode(address, out var hrp, out var data, out var variant, out error))
        {
            return false;
        }

        // BIP 173, "Decoding": "MUST verify that the human-readable part is "bc" for mainnet and "tb" for testnet."
        var network = expected ?? Network.FromBech32Hrp(hrp);
        if (network is null)
        {
            error = $"invalid human-readable part '{hrp}': not a known network";
            return false;
        }

        if (hrp != network.Bech32Hrp)
        {
            error = $"invalid human-readable part '{hrp}': network {network.Name} uses '{network.Bech32Hrp}'";
            return false;
        }

        if (data.Length == 0)
        {
            error = "empty data section";
            return false;
        }

        // The checks below follow the order of BIP 350's reference decode().
        if (!Bech32.TryConvertBits(data.AsSpan(1), 5, 8, false, out var program, out error))
        {
            return false;
        }

        int version = data[0];
        error = CheckProgram(version, program.Length);
        if (error.Length != 0)
        {
            return false;
        }

        // BIP 350: "the address decoder has to verify that the encoding matches what is
        // expected for the decoded witness version (Bech32 for version 0, Bech32m for others)."
        if (variant != VariantFor(version))
        {
            error = version == 0
                ? "invalid checksum: witness version 0 requires bech32, not bech32m"
                : $"invalid checksum: witness version {version} requires bech32m, not bech32";
            return false;
        }

        result = new SegwitAddress(network, version, program);
        return true;
    }

    /// <summary>
    /// The address of a witness-program scriptPubKey (BIP 141, "Witness program":
    /// a version push OP_0 or OP_1..OP_16 followed by one direct push of 2 to 40 bytes),
    /// or null if the script is not one a segwit address can encode.
    /// </summary>
    internal static SegwitAddress? FromScriptPubKey(ReadOnlySpan<byte> script, Network network)
    {
        if (script.Length < 2 + MinProgramLength || script.Length > 2 + MaxProgramLength || script[1] != script.Length - 2)
        {
            return null;
        }

        int version = script[0] switch
        {
            0x00 => 0,
            >= 0x51 and <= 0x60 => script[0] - 0x50,
            _ => -1,
        };
        return version < 0 || CheckProgram(version, script.Length - 2).Length != 0
            ? null
            : new SegwitAddress(network, version, script[2..]);
    }

    /// <summary>OP_n then a push of the program (BIP 173: "witness version n is stored as OP_n").</summary>
    public byte[] ToScriptPubKey()
    {
        var script = new byte[2 + _program.Length];
        script[0] = WitnessVersion == 0 ? (byte)0x00 : (byte)(0x50 + WitnessVersion);
        script[1] = (byte)_program.Length;
        _program.CopyTo(script, 2);
        return script;
    }

    /// <summary>The lowercase address (BIP 350: Bech32 for version 0, Bech32m for 1 and up).</summary>
    public override string ToString()
    {
        var data = Bech32.ConvertBits(_program, 8, 5, true);
        var values = new byte[1 + data.Length];
        values[0] = (byte)WitnessVersion;
        data.CopyTo(values, 1);
        return Bech32.Encode(Network.Bech32Hrp, values, VariantFor(WitnessVersion));
    }

    public bool Equals(SegwitAddress? other) =>
        other is not null && Network == other.Network && WitnessVersion == other.WitnessVersion && _program.AsSpan().SequenceEqual(other._program);

    public override bool Equals(object? obj) => Equals(obj as SegwitAddress);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Network);
        hash.Add(WitnessVersion);
        hash.AddBytes(_program);
        return hash.ToHashCode();
    }

    private static Bech32Variant VariantFor(int version) => version == 0 ? Bech32Variant.Bech32 : Bech32Variant.Bech32m;

    private static string CheckProgram(int version, int programLength)
    {
        if (programLength is < MinProgramLength or > MaxProgramLength)
        {
            return $"invalid program length: {programLength} byte{(programLength == 1 ? "" : "s")}, must be {MinProgramLength} to {MaxProgramLength}";
        }

        if (version is < 0 or > MaxWitnessVersion)
        {
            return $"invalid witness version {version}";
        }

        // BIP 141: "If the version byte is 0, but the witness program is neither 20 nor 32 bytes, the script must fail."
        if (version == 0 && programLength is not (20 or 32))
        {
            return $"invalid program length for witness version 0: {programLength} bytes, must be 20 or 32";
        }

        return string.Empty;
    }
}
