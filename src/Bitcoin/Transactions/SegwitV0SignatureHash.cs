using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Encoding;
using Microchannels.Bitcoin.Scripts;

namespace Microchannels.Bitcoin.Transactions;

/// <summary>
/// The BIP 143 transaction digest for version 0 witness programs (P2WPKH,
/// P2WSH and their P2SH-wrapped forms), following the BIP's reference code.
/// </summary>
public static class SegwitV0SignatureHash
{
    private const int BaseTypeMask = 0x1f;

    /// <summary>
    /// The 32-byte digest to sign for input <paramref name="inputIndex"/>.
    /// <paramref name="scriptCode"/> is the script without its length prefix:
    /// for P2WPKH the P2PKH script of the key hash
    /// (<see cref="StandardScripts.PayToWitnessPubKeyHashScriptCode"/>), for P2WSH
    /// the witness script from after the last executed OP_CODESEPARATOR.
    /// <paramref name="amount"/> is the value of the output being spent.
    /// </summary>
    public static byte[] Compute(Transaction transaction, int inputIndex, Script scriptCode, Satoshis amount, SigHashType type) =>
        Compute(new SegwitV0SighashCache(transaction), inputIndex, scriptCode, amount, type);

    /// <summary>As above, reusing the transaction-wide hashes across inputs.</summary>
    public static byte[] Compute(SegwitV0SighashCache cache, int inputIndex, Script scriptCode, Satoshis amount, SigHashType type)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(scriptCode);
        Transaction tx = cache.Transaction;
        ArgumentOutOfRangeException.ThrowIfNegative(inputIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(inputIndex, tx.Inputs.Length);

        int raw = (int)type;
        int baseType = raw & BaseTypeMask;
        bool anyoneCanPay = (raw & (int)SigHashType.AnyoneCanPay) != 0;
        bool single = baseType == (int)SigHashType.Single;
        bool none = baseType == (int)SigHashType.None;

        ReadOnlySpan<byte> zero = stackalloc byte[32];

        // BIP 143: hashPrevouts is zero under ANYONECANPAY; hashSequence is zero
        // under ANYONECANPAY, SINGLE or NONE.
        ReadOnlySpan<byte> hashPrevouts = anyoneCanPay ? zero : cache.HashPrevouts;
        ReadOnlySpan<byte> hashSequence = anyoneCanPay || single || none ? zero : cache.HashSequence;

        // hashOutputs: all outputs unless SINGLE or NONE; under SINGLE only the
        // output at the input's index, or zero when there is none ("In the original
        // algorithm, a uint256 of 0x0000......0001 is committed ... In this BIP a
        // 0x0000......0000 is committed").
        Span<byte> singleOutputHash = stackalloc byte[32];
        scoped ReadOnlySpan<byte> hashOutputs;
        if (!single && !none)
        {
            hashOutputs = cache.HashOutputs;
        }
        else if (single && inputIndex < tx.Outputs.Length)
        {
            var output = new BitcoinWriter();
            TransactionSerializer.WriteTxOut(output, tx.Outputs[inputIndex]);
            Hashes.Hash256(output.WrittenSpan, singleOutputHash);
            hashOutputs = singleOutputHash;
        }
        else
        {
            hashOutputs = zero;
        }

        TxIn input = tx.Inputs[inputIndex];
        var preimage = new BitcoinWriter(4 + 32 + 32 + OutPoint.Size + 9 + scriptCode.Length + 8 + 4 + 32 + 4 + 4);
        preimage.WriteInt32(tx.Version);
        preimage.WriteBytes(hashPrevouts);
        preimage.WriteBytes(hashSequence);
        TransactionSerializer.WriteOutPoint(preimage, input.PrevOut);
        preimage.WriteVarBytes(scriptCode.AsSpan());
        preimage.WriteInt64(amount.Value);
        preimage.WriteUInt32(input.Sequence);
        preimage.WriteBytes(hashOutputs);
        preimage.WriteUInt32(tx.LockTime);
        preimage.WriteInt32(raw);
        return Hashes.Hash256(preimage.WrittenSpan);
    }
}
