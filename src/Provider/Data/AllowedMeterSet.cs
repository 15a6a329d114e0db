using System.Collections;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Provider.Data;

/// <summary>
/// The allow-list as the provider node reads it (ProviderNodeOptions.AllowedMeters): a live
/// view of the database's current snapshot, so AllowMeter and RemoveMeter take effect at the
/// next opening without restarting the node.
/// </summary>
public sealed class AllowedMeterSet(ProviderDatabase database) : IReadOnlySet<PublicKey>
{
    public int Count => database.Meters.Count;

    public bool Contains(PublicKey item) => database.Meters.ContainsKey(item);

    public IEnumerator<PublicKey> GetEnumerator() => database.Meters.Keys.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool IsProperSubsetOf(IEnumerable<PublicKey> other) => Snapshot().IsProperSubsetOf(other);

    public bool IsProperSupersetOf(IEnumerable<PublicKey> other) => Snapshot().IsProperSupersetOf(other);

    public bool IsSubsetOf(IEnumerable<PublicKey> other) => Snapshot().IsSubsetOf(other);

    public bool IsSupersetOf(IEnumerable<PublicKey> other) => Snapshot().IsSupersetOf(other);

    public bool Overlaps(IEnumerable<PublicKey> other) => Snapshot().Overlaps(other);

    public bool SetEquals(IEnumerable<PublicKey> other) => Snapshot().SetEquals(other);

    private HashSet<PublicKey> Snapshot() => [.. database.Meters.Keys];
}
