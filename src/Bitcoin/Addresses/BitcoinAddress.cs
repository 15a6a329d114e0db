using System.Diagnostics.CodeAnalysis;

namespace Microchannels.Bitcoin.Addresses;

/// <summary>
/// Converts between addresses and the scriptPubKeys they stand for, for the standard
/// templates that have addresses: P2PKH and P2SH (Base58Check, Bitcoin Core
/// key_io.cpp) and native segwit of any version (BIP 173 / BIP 350).
/// </summary>
public static class BitcoinAddress
{
    /// <summary>
    /// No address is longer: Bech32 strings are at most 90 characters (BIP 173) and a
    /// 21-byte Base58Check payload is at most 34. Longer input is rejected before any
    /// quadratic Base58 work.
    /// </summary>
    public const int MaxLength = Bech32.MaxLength;

    private const int Hash160Length = 20;

    // Script opcodes of the templates (BIP 16 for P2SH).
    private const byte OpDup = 0x76;
    private const byte OpHash160 = 0xa9;
    private const byte OpEqual = 0x87;
    private const byte OpEqualVerify = 0x88;
    private const byte OpCheckSig = 0xac;

    /// <summary>The scriptPubKey <paramref name="address"/> pays to on <paramref name="network"/>.</summary>
    public static byte[] ToScriptPubKey(string address, Network network)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(network);
        if (!TryDecode(address, network, out var script, out var error))
        {
            throw new AddressFormatException(error);
        }

        return script;
    }

    /// <summary>As <see cref="ToScriptPubKey"/>, returning false instead of throwing.</summary>
    public static bool TryParse(string? address, Network network, [NotNullWhen(true)] out byte[]? scriptPubKey)
    {
        ArgumentNullException.ThrowIfNull(network);
        scriptPubKey = null;
        if (address is null || !TryDecode(address, network, out var script, out _))
        {
            return false;
        }

        scriptPubKey = script;
        return true;
    }

    /// <summary>
    /// The address of a P2PKH, P2SH or witness-program scriptPubKey (segwit in lowercase).
    /// Any other script has no address and throws <see cref="AddressFormatException"/>.
    /// </summary>
    public static string FromScriptPubKey(ReadOnlySpan<byte> script, Network network)
    {
        ArgumentNullException.ThrowIfNull(network);

        // OP_DUP OP_HASH160 <20 bytes> OP_EQUALVERIFY OP_CHECKSIG
        if (script.Length == 25 && script[0] == OpDup && script[1] == OpHash160 && script[2] == Hash160Length
            && script[23] == OpEqualVerify && script[24] == OpCheckSig)
        {
            return EncodeBase58Address(network.PubkeyAddressPrefix, script.Slice(3, Hash160Length));
        }

        // BIP 16: OP_HASH160 <20 bytes> OP_EQUAL
        if (script.Length == 23 && script[0] == OpHash160 && script[1] == Hash160Length && script[22] == OpEqual)
        {
            return EncodeBase58Address(network.ScriptAddressPrefix, script.Slice(2, Hash160Length));
        }

        var segwit = SegwitAddress.FromScriptPubKey(script, network);
        return segwit?.ToString()
            ?? throw new AddressFormatException("script is not a P2PKH, P2SH or witness program template, so it has no address");
    }

    private static bool TryDecode(string address, Network network, out byte[] script, out string error)
    {
        script = [];
        if (address.Length > MaxLength)
        {
            error = $"address too long ({address.Length} > {MaxLength} characters)";
            return false;
        }

        // A Base58Check P2PKH/P2SH address can never begin with "<hrp>1": every network's
        // version bytes make it start with 1, 3, m, n or 2. So text starting with any known
        // HRP and its separator is a segwit address, and the error it gets is a Bech32 one.
        if (StartsWithKnownHrp(address))
        {
            if (!SegwitAddress.TryParse(address, network, out var segwit, out error))
            {
                return false;
            }

            script = segwit.ToScriptPubKey();
            return true;
        }

        return TryDecodeBase58Address(address, network, out script, out error);
    }

    private static bool TryDecodeBase58Address(string address, Network network, out byte[] script, out string error)
    {
        script = [];
        if (address.Length == 0)
        {
            error = "empty address";
            return false;
        }

        if (!Base58Check.TryDecode(address, out var payload, out error))
        {
            return false;
        }

        if (payload.Length != 1 + Hash160Length)
        {
            error = $"base58 address payload must be {1 + Hash160Length} bytes, got {payload.Length}";
            return false;
        }

        var hash = payload.AsSpan(1);
        if (payload[0] == network.PubkeyAddressPrefix)
        {
            script = [OpDup, OpHash160, Hash160Length, .. hash, OpEqualVerify, OpCheckSig];
            return true;
        }

        if (payload[0] == network.ScriptAddressPrefix)
        {
            script = [OpHash160, Hash160Length, .. hash, OpEqual];
            return true;
        }

        error = $"version byte 0x{payload[0]:x2} is neither the P2PKH (0x{network.PubkeyAddressPrefix:x2}) "
            + $"nor the P2SH (0x{network.ScriptAddressPrefix:x2}) prefix of network {network.Name}";
        return false;
    }

    private static bool StartsWithKnownHrp(string address)
    {
        foreach (var network in Network.All)
        {
            var hrp = network.Bech32Hrp;
            if (address.Length > hrp.Length && address[hrp.Length] == '1'
                && address.AsSpan(0, hrp.Length).Equals(hrp, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string EncodeBase58Address(byte prefix, ReadOnlySpan<byte> hash)
    {
        Span<byte> payload = stackalloc byte[1 + Hash160Length];
        payload[0] = prefix;
        hash.CopyTo(payload[1..]);
        return Base58Check.Encode(payload);
    }
}
