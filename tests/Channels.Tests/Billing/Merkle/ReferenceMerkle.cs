using System.Security.Cryptography;

namespace Microchannels.Channels.Tests.Billing.Merkle;

/// <summary>
/// RFC 6962 §2.1 written out literally, recursion and all, as an oracle for the
/// level-by-level tree: MTH, PATH and PROOF exactly as the RFC states them.
/// </summary>
internal static class ReferenceMerkle
{
    public static byte[] Mth(IReadOnlyList<byte[]> leafHashes, int start, int end)
    {
        int n = end - start;
        if (n == 0)
        {
            return SHA256.HashData([]);
        }

        if (n == 1)
        {
            return leafHashes[start];
        }

        int k = LargestPowerOfTwoBelow(n);
        return Node(Mth(leafHashes, start, start + k), Mth(leafHashes, start + k, end));
    }

    public static byte[] LeafHash(byte[] leaf) => SHA256.HashData([0x00, .. leaf]);

    public static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    private static int LargestPowerOfTwoBelow(int n)
    {
        int k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }

        return k;
    }
}
