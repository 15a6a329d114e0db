using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Encoding;
using Microchannels.Bitcoin.Scripts;

namespace Microchannels.Bitcoin.Transactions;

/// <summary>
/// The original (pre-segwit) signature hash, exactly as Bitcoin Core's
/// SignatureHash for SigVersion::BASE with its CTransactionSignatureSerializer
/// (script/interpreter.cpp), quirks included. Needed for legacy inputs and
/// checked against Core's sighash.json.
/// </summary>
public static class LegacySignatureHash
{
    private const int BaseTypeMask = 0x1f;

    public static byte[] Compute(Transaction transaction, int inputIndex, Script scriptCode, SigHashType type) =>
        Compute(transaction, inputIndex, scriptCode, (int)type);

    /// <summary>
    /// The digest for input <paramref name="inputIndex"/> under the raw hash type
    /// <paramref name="hashType"/>: any int32, as taken from a signature's last
    /// byte or from test data; only its low five bits and bit 0x80 steer the
    /// algorithm, but all 32 bits are hashed.
    /// </summary>
    public static byte[] Compute(Transaction transaction, int inputIndex, Script scriptCode, int hashType)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(scriptCode);
        ArgumentOutOfRangeException.ThrowIfNegative(inputIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(inputIndex, transaction.Inputs.Length);

        bool anyoneCanPay = (hashType & (int)SigHashType.AnyoneCanPay) != 0;
        bool single = (hashType & BaseTypeMask) == (int)SigHashType.Single;
        bool none = (hashType & BaseTypeMask) == (int)SigHashType.None;

        // The SIGHASH_SINGLE bug: with no output at the input's index, Core
        // returns the number 1 (uint256::ONE, first byte 0x01) instead of a hash,
        // and a signature over it is valid.
        if (single && inputIndex >= transaction.Outputs.Length)
        {
            var one = new byte[32];
            one[0] = 1;
            return one;
        }

        var writer = new BitcoinWriter(TransactionSerializer.GetSerializedSize(transaction, includeWitness: false) + scriptCode.Length + 8);
        writer.WriteInt32(transaction.Version);

        // ANYONECANPAY: only the input being signed.
        int inputCount = anyoneCanPay ? 1 : transaction.Inputs.Length;
        writer.WriteVarInt((ulong)inputCount);
        for (int n = 0; n < inputCount; n++)
        {
            int index = anyoneCanPay ? inputIndex : n;
            TxIn input = transaction.Inputs[index];
            TransactionSerializer.WriteOutPoint(writer, input.PrevOut);
            if (index == inputIndex)
            {
                WriteScriptCode(writer, scriptCode.AsSpan());
                writer.WriteUInt32(input.Sequence);
            }
            else
            {
                // Other inputs' scripts are blanked; under NONE and SINGLE their
                // sequences are zeroed too ("let the others update at will").
                writer.WriteVarInt(0);
                writer.WriteUInt32(single || none ? 0 : input.Sequence);
            }
        }

        // NONE: no outputs. SINGLE: outputs up to the input's index, all but the
        // last replaced by the null output (value -1, empty script).
        int outputCount = none ? 0 : single ? inputIndex + 1 : transaction.Outputs.Length;
        writer.WriteVarInt((ulong)outputCount);
        for (int n = 0; n < outputCount; n++)
        {
            if (single && n != inputIndex)
            {
                writer.WriteInt64(-1);
                writer.WriteVarInt(0);
            }
            else
            {
                TransactionSerializer.WriteTxOut(writer, transaction.Outputs[n]);
            }
        }

        writer.WriteUInt32(transaction.LockTime);
        writer.WriteInt32(hashType);
        return Hashes.Hash256(writer.WrittenSpan);
    }

    /// <summary>
    /// Core's SerializeScriptCode: the scriptCode with every OP_CODESEPARATOR
    /// removed. Written to match Core byte for byte even on a malformed script:
    /// the length prefix counts only separators found before the first bad push,
    /// and the tail is copied only up to where the failed read stopped.
    /// </summary>
    private static void WriteScriptCode(BitcoinWriter writer, ReadOnlySpan<byte> script)
    {
        int separators = 0;
        int position = 0;
        while (ScriptParser.TryReadOp(script, ref position, out OpCode opCode, out _))
        {
            if (opCode == OpCode.OP_CODESEPARATOR)
            {
                separators++;
            }
        }

        writer.WriteVarInt((ulong)(script.Length - separators));

        int begin = 0;
        position = 0;
        while (ScriptParser.TryReadOp(script, ref position, out OpCode opCode, out _))
        {
            if (opCode == OpCode.OP_CODESEPARATOR)
            {
                writer.WriteBytes(script[begin..(position - 1)]);
                begin = position;
            }
        }

        if (begin != script.Length)
        {
            writer.WriteBytes(script[begin..position]);
        }
    }
}
