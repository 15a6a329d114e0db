using Microchannels.Bitcoin.Encoding;

namespace Microchannels.Settlement.Wallet;

/// <summary>
/// Transaction weights in BIP 141 weight units (4 per non-witness byte, 1 per
/// witness byte) for the parts of a wallet spend, with signatures at their
/// largest so that the fee paid is never below the rate asked for.
/// </summary>
public static class SpendWeights
{
    /// <summary>The largest DER ECDSA signature (72 bytes) plus the sighash byte (BIP 143 witness: &lt;sig&gt; &lt;pubkey&gt;).</summary>
    public const int MaxSignatureSize = 73;

    public const int CompressedPublicKeySize = 33;

    /// <summary>outpoint 36 + empty scriptSig length 1 + nSequence 4 = 41 bytes, times 4.</summary>
    public const int P2wpkhInputNonWitness = (36 + 1 + 4) * 4;

    /// <summary>Item count 1 + (1 + 73) + (1 + 33) = 109 witness bytes.</summary>
    public const int P2wpkhInputWitness = 1 + 1 + MaxSignatureSize + 1 + CompressedPublicKeySize;

    public const int P2wpkhInput = P2wpkhInputNonWitness + P2wpkhInputWitness;

    /// <summary>value 8 + script length 1 + OP_0 &lt;20 bytes&gt; 22 = 31 bytes.</summary>
    public const int P2wpkhOutput = (8 + 1 + 22) * 4;

    /// <summary>BIP 144 marker and flag: two witness bytes.</summary>
    public const int SegwitMarkerAndFlag = 2;

    /// <summary>Bitcoin Core policy GetDustThreshold for a P2WPKH output at the default 3 sat/vB dust relay fee: 294 sat.</summary>
    public const long P2wpkhDustThreshold = 294;

    /// <summary>Bitcoin Core policy GetDustThreshold for a P2WSH output at the default 3 sat/vB dust relay fee: 330 sat.</summary>
    public const long P2wshDustThreshold = 330;

    /// <summary>The weight of an output paying to a script of <paramref name="scriptLength"/> bytes.</summary>
    public static int Output(int scriptLength) =>
        (8 + BitcoinWriter.VarIntSize((ulong)scriptLength) + scriptLength) * 4;

    /// <summary>
    /// The weight of a segwit transaction with <paramref name="inputCount"/> P2WPKH
    /// inputs and outputs of total weight <paramref name="outputsWeight"/>:
    /// version 4 + locktime 4 + the two counts, all non-witness.
    /// </summary>
    public static long Transaction(int inputCount, int outputCount, long outputsWeight) =>
        ((4 + 4 + BitcoinWriter.VarIntSize((ulong)inputCount) + BitcoinWriter.VarIntSize((ulong)outputCount)) * 4)
        + SegwitMarkerAndFlag + ((long)inputCount * P2wpkhInput) + outputsWeight;
}
