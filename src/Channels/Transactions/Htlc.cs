using System.Collections.Immutable;

namespace Microchannels.Channels.Transactions;

/// <summary>
/// An HTLC as a commitment transaction sees it. Microchannels streams payments
/// without HTLCs (DESIGN.md decision 2), but commitments carry them exactly as
/// BOLT 3 defines so Appendix C holds and multi-hop can follow.
/// </summary>
public sealed record Htlc(HtlcDirection Direction, ulong Id, MilliSatoshis Amount, ImmutableArray<byte> PaymentHash, uint CltvExpiry)
{
    public ImmutableArray<byte> PaymentHash { get; } =
        PaymentHash.Length == 32 ? PaymentHash : throw new ArgumentException("A payment hash is 32 bytes.", nameof(PaymentHash));

    /// <summary>Value equality, payment hash bytes included (ImmutableArray alone compares references).</summary>
    public bool Equals(Htlc? other) =>
        other is not null
        && Direction == other.Direction
        && Id == other.Id
        && Amount == other.Amount
        && CltvExpiry == other.CltvExpiry
        && PaymentHash.AsSpan().SequenceEqual(other.PaymentHash.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Direction, Id, Amount, CltvExpiry);
}
