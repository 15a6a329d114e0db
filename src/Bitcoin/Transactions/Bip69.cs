using System.Collections.Immutable;

namespace Microchannels.Bitcoin.Transactions;

/// <summary>
/// BIP 69 lexicographical ordering of inputs and outputs. BOLT 3 ("Transaction
/// Output Ordering") sorts outputs the same way and breaks remaining ties by
/// HTLC cltv_expiry, so <see cref="OutputComparer"/> is public to build on.
/// </summary>
public static class Bip69
{
    /// <summary>
    /// BIP 69, "Transaction Inputs": "Previous transaction hashes (in reversed
    /// byte-order) are to be sorted in ascending order, lexicographically", then
    /// output indices "by their integer value, in ascending order". Reversed byte
    /// order is the display order (the BIP's examples list txids that way, sorted).
    /// </summary>
    public static IComparer<TxIn> InputComparer { get; } = Comparer<TxIn>.Create((x, y) =>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return CompareOutPoints(x.PrevOut, y.PrevOut);
    });

    /// <summary>
    /// BIP 69, "Transaction Outputs": amounts "(as 64-bit unsigned integers)"
    /// ascending, then scriptPubKeys "(as a byte-array) ... compared
    /// lexicographically", a shorter script before a longer one it prefixes.
    /// </summary>
    public static IComparer<TxOut> OutputComparer { get; } = Comparer<TxOut>.Create((x, y) =>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int byValue = ((ulong)x.Value.Value).CompareTo((ulong)y.Value.Value);
        return byValue != 0 ? byValue : x.ScriptPubKey.AsSpan().SequenceCompareTo(y.ScriptPubKey.AsSpan());
    });

    public static int CompareOutPoints(OutPoint x, OutPoint y)
    {
        int byTxId = x.TxId.CompareDisplayOrder(y.TxId);
        return byTxId != 0 ? byTxId : x.Index.CompareTo(y.Index);
    }

    /// <summary>The inputs in BIP 69 order (stable: equal keys keep their relative order).</summary>
    public static ImmutableArray<TxIn> SortInputs(IEnumerable<TxIn> inputs) => [.. inputs.Order(InputComparer)];

    /// <summary>The outputs in BIP 69 order (stable: equal outputs keep their relative order).</summary>
    public static ImmutableArray<TxOut> SortOutputs(IEnumerable<TxOut> outputs) => [.. outputs.Order(OutputComparer)];

    /// <summary>
    /// Where each output goes: element k is the index in <paramref name="outputs"/>
    /// of the output that sorts to position k. Lets a caller carry per-output data
    /// (which HTLC an output pays) through the sort.
    /// </summary>
    public static ImmutableArray<int> SortedOutputOrder(IReadOnlyList<TxOut> outputs, IComparer<TxOut>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        IComparer<TxOut> by = comparer ?? OutputComparer;
        return [.. Enumerable.Range(0, outputs.Count).OrderBy(i => outputs[i], by)];
    }

    /// <summary>The transaction with inputs and outputs in BIP 69 order.</summary>
    public static Transaction Sort(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction with { Inputs = SortInputs(transaction.Inputs), Outputs = SortOutputs(transaction.Outputs) };
    }
}
