using System.Buffers.Binary;
using System.Security.Cryptography;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Channels.Transactions;

/// <summary>
/// BOLT 3 "Commitment Transaction": the 48-bit commitment number is XORed with
/// the lower 48 bits of SHA256(opener payment_basepoint || accepter payment_basepoint),
/// then split: the upper 24 bits go to the input's sequence (under 0x80) and the
/// lower 24 bits to the locktime (under 0x20).
/// </summary>
public static class ObscuredCommitmentNumber
{
    private const ulong Mask48 = (1UL << 48) - 1;

    public static ulong ObscuringFactor(PublicKey openerPaymentBasepoint, PublicKey accepterPaymentBasepoint)
    {
        ArgumentNullException.ThrowIfNull(openerPaymentBasepoint);
        ArgumentNullException.ThrowIfNull(accepterPaymentBasepoint);
        Span<byte> preimage = stackalloc byte[66];
        openerPaymentBasepoint.AsSpan().CopyTo(preimage);
        accepterPaymentBasepoint.AsSpan().CopyTo(preimage[33..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(preimage, hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash[24..]) & Mask48;
    }

    public static (uint Sequence, uint LockTime) Encode(ulong commitmentNumber, ulong obscuringFactor)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(commitmentNumber, Mask48);
        ulong obscured = (commitmentNumber ^ obscuringFactor) & Mask48;
        uint sequence = 0x80000000u | (uint)(obscured >> 24);
        uint lockTime = 0x20000000u | (uint)(obscured & 0xFFFFFF);
        return (sequence, lockTime);
    }

    /// <summary>
    /// Recovers the commitment number from a transaction seen on chain, or null
    /// when its sequence and locktime do not carry the 0x80/0x20 markers.
    /// </summary>
    public static ulong? Decode(uint sequence, uint lockTime, ulong obscuringFactor)
    {
        if ((sequence >> 24) != 0x80 || (lockTime >> 24) != 0x20)
        {
            return null;
        }

        ulong obscured = ((ulong)(sequence & 0xFFFFFF) << 24) | (lockTime & 0xFFFFFF);
        return (obscured ^ obscuringFactor) & Mask48;
    }
}
