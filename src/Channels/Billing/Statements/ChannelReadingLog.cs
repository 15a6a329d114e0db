using Microchannels.Channels.Billing.Merkle;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Billing.Statements;

/// <summary>
/// Either side's record of the meter readings a channel's payments carried, in
/// order, from which it builds statements and proofs (docs/STATEMENTS.md). The
/// caller appends each reading once the engine has accepted the transfer carrying
/// it; the log keeps each reading's leaf hash, so statements and proofs cost one
/// pass over hashes, not over readings. Not thread-safe: one channel, one writer.
/// </summary>
public sealed class ChannelReadingLog
{
    private const int H = MerkleHashing.HashSize;
    private readonly List<SignedMeterReading> _readings = [];
    private byte[] _leafHashes = new byte[H * 64];
    private MerkleTree? _tree;
    private ulong _stated;
    private SignedMeterReading? _lastStated;

    /// <param name="opening">The meter's last reading before this channel (from its previous channel), or null for a meter's first channel.</param>
    public ChannelReadingLog(ChainHash chainHash, ChannelId channelId, Point providerNodeId, Point meterNodeId, Point meterReadingKey, SignedMeterReading? opening = null)
    {
        ChainHash = chainHash ?? throw new ArgumentNullException(nameof(chainHash));
        ChannelId = channelId ?? throw new ArgumentNullException(nameof(channelId));
        ProviderNodeId = providerNodeId ?? throw new ArgumentNullException(nameof(providerNodeId));
        MeterNodeId = meterNodeId ?? throw new ArgumentNullException(nameof(meterNodeId));
        MeterReadingKey = meterReadingKey ?? throw new ArgumentNullException(nameof(meterReadingKey));
        _lastStated = opening;
    }

    public ChainHash ChainHash { get; }

    public ChannelId ChannelId { get; }

    public Point ProviderNodeId { get; }

    public Point MeterNodeId { get; }

    public Point MeterReadingKey { get; }

    /// <summary>Readings appended so far.</summary>
    public ulong Count => (ulong)_readings.Count;

    /// <summary>Readings already covered by a statement from <see cref="BuildStatement"/>.</summary>
    public ulong Stated => _stated;

    public SignedMeterReading this[ulong index] => _readings[checked((int)index)];

    /// <summary>Records a reading whose payment the channel accepted.</summary>
    public void Append(SignedMeterReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        int offset = _readings.Count * H;
        if (offset + H > _leafHashes.Length)
        {
            Array.Resize(ref _leafHashes, _leafHashes.Length * 2);
        }

        Span<byte> leaf = stackalloc byte[SignedMeterReading.EncodedLengthV2];
        int length = reading.EncodeTo(leaf);
        MerkleHashing.LeafHash(leaf[..length], _leafHashes.AsSpan(offset, H));
        _readings.Add(reading);
        _tree = null;
    }

    /// <summary>
    /// Records many readings at once, in order (a host rebuilding a channel's log from its
    /// records, a month at a time): the same as <see cref="Append"/> for each, with the leaf
    /// hashes computed over the machine's cores.
    /// </summary>
    public void AppendRange(IReadOnlyList<SignedMeterReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        int first = _readings.Count;
        int needed = checked((first + readings.Count) * H);
        if (needed > _leafHashes.Length)
        {
            Array.Resize(ref _leafHashes, Math.Max(needed, _leafHashes.Length * 2));
        }

        var hashes = _leafHashes;
        System.Threading.Tasks.Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, readings.Count, 4096), range =>
        {
            Span<byte> leaf = stackalloc byte[SignedMeterReading.EncodedLengthV2];
            for (int i = range.Item1; i < range.Item2; i++)
            {
                var reading = readings[i] ?? throw new ArgumentException($"Reading {i} is null.", nameof(readings));
                int length = reading.EncodeTo(leaf);
                MerkleHashing.LeafHash(leaf[..length], hashes.AsSpan((first + i) * H, H));
            }
        });
        _readings.AddRange(readings);
        _tree = null;
    }

    /// <summary>The channel's tree over every reading appended so far.</summary>
    public MerkleTree Tree() => _tree ??= MerkleTree.FromLeafHashes(_leafHashes.AsSpan(0, _readings.Count * H));

    /// <summary>
    /// The statement for the period [<paramref name="periodStart"/>, <paramref name="periodEnd"/>):
    /// every reading after the last statement's, up to the first one taken at or after
    /// <paramref name="periodEnd"/>. Unsigned; each side signs it with its node key.
    /// </summary>
    public BillingStatement BuildStatement(ulong periodStart, ulong periodEnd, ulong tariffMsatPerWh)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(periodStart, periodEnd);
        ulong end = _stated;
        while (end < Count && _readings[(int)end].Reading.Timestamp < periodEnd)
        {
            end++;
        }

        var tree = end == Count ? Tree() : MerkleTree.FromLeafHashes(_leafHashes.AsSpan(0, (int)end * H));
        var readings = _readings.GetRange((int)_stated, (int)(end - _stated));
        var opening = _lastStated;
        var statement = new BillingStatement(
            ChainHash,
            ChannelId,
            ProviderNodeId,
            MeterNodeId,
            MeterReadingKey,
            periodStart,
            periodEnd,
            tariffMsatPerWh,
            _stated,
            tree.Frontier(_stated).Select(h => new Sha256Hash(h.Span)).ToList(),
            opening,
            readings,
            new Sha256Hash(tree.RootAt(end).Span),
            Totals(opening, readings));
        _stated = end;
        _lastStated = readings.Count > 0 ? readings[^1] : opening;
        return statement;
    }

    /// <summary>Proves reading <paramref name="index"/> is in the statement whose tree has <paramref name="treeSize"/> leaves.</summary>
    public IReadOnlyList<Sha256Hash> InclusionProof(ulong index, ulong treeSize) =>
        Tree().InclusionProof(index, treeSize).Select(h => new Sha256Hash(h.Span)).ToList();

    /// <summary>Proves the statement with <paramref name="olderTreeSize"/> leaves is a prefix of the one with <paramref name="newerTreeSize"/>.</summary>
    public IReadOnlyList<Sha256Hash> ConsistencyProof(ulong olderTreeSize, ulong newerTreeSize) =>
        Tree().ConsistencyProof(olderTreeSize, newerTreeSize).Select(h => new Sha256Hash(h.Span)).ToList();

    /// <summary>docs/STATEMENTS.md "Totals": registers of the last reading minus the opening's; the sum of amounts.</summary>
    internal static StatementTotals Totals(SignedMeterReading? opening, IReadOnlyList<SignedMeterReading> readings)
    {
        if (readings.Count == 0)
        {
            return new StatementTotals(0, 0, MilliSatoshis.Zero);
        }

        var last = readings[^1].Reading;
        ulong openingImport = opening?.Reading.CumulativeWh ?? 0;
        ulong openingExport = opening?.Reading.Binding?.ExportWh ?? 0;
        ulong amount = 0;
        foreach (var reading in readings)
        {
            amount = checked(amount + (reading.Reading.Binding?.AmountMsat.Value ?? 0));
        }

        return new StatementTotals(
            last.CumulativeWh >= openingImport ? last.CumulativeWh - openingImport : 0,
            (last.Binding?.ExportWh ?? 0) >= openingExport ? (last.Binding?.ExportWh ?? 0) - openingExport : 0,
            new MilliSatoshis(amount));
    }
}
