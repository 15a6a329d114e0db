using Microchannels.Bitcoin.Scripts;

namespace Microchannels.Bitcoin.Transactions;

/// <summary>
/// A transaction input: the outpoint it spends, its scriptSig, its nSequence
/// (BIP 68 relative lock time when the transaction version is 2 or more) and its
/// segregated witness (BIP 141), empty for non-witness spends.
/// </summary>
public sealed record TxIn(OutPoint PrevOut, Script ScriptSig, uint Sequence, Witness Witness)
{
    /// <summary>Core's CTxIn::SEQUENCE_FINAL: no relative lock time, no replace-by-fee signal.</summary>
    public const uint SequenceFinal = 0xffffffff;

    /// <summary>An input with an empty scriptSig and an empty witness, as segwit spends start out.</summary>
    public TxIn(OutPoint prevOut, uint sequence)
        : this(prevOut, Script.Empty, sequence, Witness.Empty)
    {
    }
}
