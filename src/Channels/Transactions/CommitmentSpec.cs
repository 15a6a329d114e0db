using System.Collections.Immutable;
using Microchannels.Bitcoin;

namespace Microchannels.Channels.Transactions;

/// <summary>
/// What one commitment transaction commits to, from its owner's side: the two
/// balances, the fee rate and the HTLCs (eclair's CommitmentSpec, STYLE.md #5).
/// </summary>
public sealed record CommitmentSpec(MilliSatoshis ToLocal, MilliSatoshis ToRemote, FeeratePerKw Feerate, ImmutableArray<Htlc> Htlcs)
{
    public static CommitmentSpec WithoutHtlcs(MilliSatoshis toLocal, MilliSatoshis toRemote, FeeratePerKw feerate) =>
        new(toLocal, toRemote, feerate, []);

    /// <summary>Value equality, HTLCs included (ImmutableArray alone compares references).</summary>
    public bool Equals(CommitmentSpec? other) =>
        other is not null
        && ToLocal == other.ToLocal
        && ToRemote == other.ToRemote
        && Feerate == other.Feerate
        && Htlcs.AsSpan().SequenceEqual(other.Htlcs.AsSpan());

    public override int GetHashCode() => HashCode.Combine(ToLocal, ToRemote, Feerate, Htlcs.Length);

    /// <summary>The same spec seen from the other side: balances swapped, HTLC directions flipped.</summary>
    public CommitmentSpec Mirror() => new(
        ToRemote,
        ToLocal,
        Feerate,
        [.. Htlcs.Select(h => h with { Direction = h.Direction == HtlcDirection.Offered ? HtlcDirection.Received : HtlcDirection.Offered })]);
}
