using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Encoding;

namespace Microchannels.Bitcoin.Transactions;

/// <summary>
/// The three BIP 143 midstate hashes of one transaction: hashPrevouts,
/// hashSequence and hashOutputs over all inputs and outputs. "The hashPrevouts,
/// hashSequence, and hashOutputs calculated in an earlier verification may be
/// reused in other inputs of the same transaction" (BIP 143), so signing n inputs
/// costs O(n) hashing instead of O(n^2). Computed once in the constructor and
/// immutable afterwards.
/// </summary>
public sealed class SegwitV0SighashCache
{
    private readonly byte[] _hashPrevouts;
    private readonly byte[] _hashSequence;
    private readonly byte[] _hashOutputs;

    public SegwitV0SighashCache(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        Transaction = transaction;

        var prevouts = new BitcoinWriter(transaction.Inputs.Length * OutPoint.Size);
        var sequences = new BitcoinWriter(transaction.Inputs.Length * 4);
        foreach (TxIn input in transaction.Inputs)
        {
            TransactionSerializer.WriteOutPoint(prevouts, input.PrevOut);
            sequences.WriteUInt32(input.Sequence);
        }

        var outputs = new BitcoinWriter();
        foreach (TxOut output in transaction.Outputs)
        {
            TransactionSerializer.WriteTxOut(outputs, output);
        }

        _hashPrevouts = Hashes.Hash256(prevouts.WrittenSpan);
        _hashSequence = Hashes.Hash256(sequences.WrittenSpan);
        _hashOutputs = Hashes.Hash256(outputs.WrittenSpan);
    }

    public Transaction Transaction { get; }

    /// <summary>Double SHA-256 of all input outpoints.</summary>
    public ReadOnlySpan<byte> HashPrevouts => _hashPrevouts;

    /// <summary>Double SHA-256 of all input nSequence values.</summary>
    public ReadOnlySpan<byte> HashSequence => _hashSequence;

    /// <summary>Double SHA-256 of all outputs (amount and scriptPubKey).</summary>
    public ReadOnlySpan<byte> HashOutputs => _hashOutputs;
}
