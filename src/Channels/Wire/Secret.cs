namespace Microchannels.Channels.Wire;

/// <summary>
/// A 32-byte secret carried on the wire: `per_commitment_secret` in
/// `revoke_and_ack` and `your_last_per_commitment_secret` in
/// `channel_reestablish` (BOLT 2). Revealing it is the point of those messages,
/// so this type only guards against confusing it with a hash or an id.
/// </summary>
public sealed class Secret : FixedSizeBytes
{
    public const int Size = 32;

    public Secret(ReadOnlySpan<byte> bytes)
        : base(bytes, Size)
    {
    }

    /// <summary>
    /// BOLT 2, "Message Retransmission": if `next_revocation_number` equals 0 the
    /// sender MUST set `your_last_per_commitment_secret` to all zeroes.
    /// </summary>
    public static Secret Zero { get; } = new(new byte[Size]);

    public bool IsZero => IsAllZero();

    public static Secret FromHex(string hex) => new(Convert.FromHexString(hex));
}
