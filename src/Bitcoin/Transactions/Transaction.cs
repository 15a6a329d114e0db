using System.Collections.Immutable;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;

namespace Microchannels.Bitcoin.Transactions;

/// <summary>
/// An immutable Bitcoin transaction. Derived values (txid, weight) are computed
/// on demand from the fields, never cached, so a changed copy made with
/// <c>with</c> can never carry a stale hash. Equality compares every field,
/// inputs and outputs element by element.
/// </summary>
public sealed record Transaction
{
    private readonly ImmutableArray<TxIn> _inputs;
    private readonly ImmutableArray<TxOut> _outputs;

    public Transaction(int version, ImmutableArray<TxIn> inputs, ImmutableArray<TxOut> outputs, uint lockTime)
    {
        Version = version;
        Inputs = inputs;
        Outputs = outputs;
        LockTime = lockTime;
    }

    /// <summary>nVersion, a signed 32-bit integer on the wire (Core's CTransaction::version is int32 before v28, uint32 after, same bytes).</summary>
    public int Version { get; init; }

    public ImmutableArray<TxIn> Inputs
    {
        get => _inputs;
        init => _inputs = value.IsDefault ? throw new ArgumentException("Inputs must not be a default ImmutableArray.", nameof(value)) : value;
    }

    public ImmutableArray<TxOut> Outputs
    {
        get => _outputs;
        init => _outputs = value.IsDefault ? throw new ArgumentException("Outputs must not be a default ImmutableArray.", nameof(value)) : value;
    }

    /// <summary>nLockTime: a block height below 500,000,000, a Unix time at or above it.</summary>
    public uint LockTime { get; init; }

    /// <summary>True when any input has a non-empty witness; only then is the BIP 144 format used.</summary>
    public bool HasWitness => _inputs.Any(input => !input.Witness.IsEmpty);

    /// <summary>BIP 141, "Transaction size calculations": base size * 3 + total size.</summary>
    public int Weight =>
        (TransactionSerializer.GetSerializedSize(this, includeWitness: false) * 3) +
        TransactionSerializer.GetSerializedSize(this, includeWitness: true);

    /// <summary>BIP 141: weight / 4, rounded up. (Core's policy vsize also weighs sigops; that is not included.)</summary>
    public int VirtualSize => (Weight + 3) / 4;

    /// <summary>The txid: double SHA-256 of the serialization without witness data.</summary>
    public TxId GetTxId() => new(Hashes.Hash256(TransactionSerializer.Serialize(this, includeWitness: false)));

    /// <summary>BIP 141's wtxid: double SHA-256 of the full serialization; equal to the txid when there is no witness.</summary>
    public TxId GetWitnessTxId() => new(Hashes.Hash256(TransactionSerializer.Serialize(this, includeWitness: true)));

    public Transaction WithInputs(IEnumerable<TxIn> inputs) => this with { Inputs = [.. inputs] };

    public Transaction WithOutputs(IEnumerable<TxOut> outputs) => this with { Outputs = [.. outputs] };

    public Transaction WithInput(int index, TxIn input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return this with { Inputs = _inputs.SetItem(index, input) };
    }

    public Transaction WithWitness(int inputIndex, Witness witness)
    {
        ArgumentNullException.ThrowIfNull(witness);
        return WithInput(inputIndex, _inputs[inputIndex] with { Witness = witness });
    }

    public Transaction WithScriptSig(int inputIndex, Script scriptSig)
    {
        ArgumentNullException.ThrowIfNull(scriptSig);
        return WithInput(inputIndex, _inputs[inputIndex] with { ScriptSig = scriptSig });
    }

    /// <summary>The same transaction with every witness emptied; its txid is unchanged.</summary>
    public Transaction WithoutWitnesses() =>
        this with { Inputs = [.. _inputs.Select(input => input.Witness.IsEmpty ? input : input with { Witness = Witness.Empty })] };

    public bool Equals(Transaction? other) =>
        other is not null &&
        Version == other.Version &&
        LockTime == other.LockTime &&
        _inputs.SequenceEqual(other._inputs) &&
        _outputs.SequenceEqual(other._outputs);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Version);
        hash.Add(LockTime);
        foreach (TxIn input in _inputs)
        {
            hash.Add(input);
        }

        foreach (TxOut output in _outputs)
        {
            hash.Add(output);
        }

        return hash.ToHashCode();
    }

    public override string ToString() =>
        $"Transaction {GetTxId()} (version {Version}, {_inputs.Length} inputs, {_outputs.Length} outputs, locktime {LockTime})";
}
