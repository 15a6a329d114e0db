namespace Microchannels.Bitcoin.Transactions;

/// <summary>A reference to output <paramref name="Index"/> of transaction <paramref name="TxId"/>.</summary>
public readonly record struct OutPoint(TxId TxId, uint Index)
{
    /// <summary>Serialized size: 32-byte txid and 4-byte index.</summary>
    public const int Size = TxId.Size + 4;

    public override string ToString() => $"{TxId}:{Index}";
}
