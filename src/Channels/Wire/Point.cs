namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 1 `point`: 33 bytes shaped like a SEC 1 compressed public key.
/// <para>
/// The wire layer does not check that the bytes lie on secp256k1: BOLT 2
/// ("The open_channel Message", receiver requirements) says the receiving node
/// MUST <em>fail the channel</em> when `funding_pubkey` or a basepoint is not a
/// valid compressed pubkey. That is a channel-level response (send `error`),
/// not a malformed message (close the connection), so the channel layer parses
/// each point with libsecp256k1 and fails the channel itself.
/// </para>
/// </summary>
public sealed class Point : FixedSizeBytes
{
    public const int Size = 33;

    public Point(ReadOnlySpan<byte> bytes)
        : base(bytes, Size)
    {
    }

    /// <summary>
    /// The cheap shape check (prefix 0x02 or 0x03, SEC 1 section 2.3.3) that needs
    /// no curve arithmetic. Passing it does not make the point valid.
    /// </summary>
    public bool HasCompressedPrefix => AsSpan()[0] is 0x02 or 0x03;

    public static Point FromHex(string hex) => new(Convert.FromHexString(hex));
}
