using System.Globalization;
using System.Numerics;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine;

/// <summary>Ways to spoil a signature, each one a distinct failure a peer could send.</summary>
internal static class Signatures
{
    private static readonly BigInteger Order = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>One bit of r flipped: well-formed, but not a signature of anything we built.</summary>
    public static CompactSignature FlipBit(CompactSignature signature)
    {
        var bytes = signature.ToArray();
        bytes[10] ^= 0x01;
        return new CompactSignature(bytes);
    }

    /// <summary>s replaced by n - s: the same signature malleated to high-S, which BOLT 2 forbids.</summary>
    public static CompactSignature HighS(CompactSignature signature)
    {
        var bytes = signature.ToArray();
        var s = new BigInteger(bytes.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var high = (Order - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        Array.Clear(bytes, 32, 32);
        high.CopyTo(bytes, 64 - high.Length);
        return new CompactSignature(bytes);
    }

    /// <summary>s = n: out of range, so it does not even parse as a signature.</summary>
    public static CompactSignature OutOfRange(CompactSignature signature)
    {
        var bytes = signature.ToArray();
        Order.ToByteArray(isUnsigned: true, isBigEndian: true).CopyTo(bytes, 32);
        return new CompactSignature(bytes);
    }
}
