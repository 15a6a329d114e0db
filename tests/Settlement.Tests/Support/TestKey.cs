using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Addresses;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Settlement.Tests.Support;

/// <summary>
/// A key of ours with its regtest P2WPKH address, and spends of its outputs
/// signed with our own BIP 143 code, so bitcoind judges transactions we built.
/// </summary>
internal sealed class TestKey : IDisposable
{
    private readonly PrivateKey _key = PrivateKey.Generate();

    public Script ScriptPubKey => StandardScripts.PayToWitnessPubKeyHashFromPublicKey(_key.PublicKey.AsSpan());

    public string Address => new SegwitAddress(Network.Regtest, 0, Hashes.Hash160(_key.PublicKey.AsSpan())).ToString();

    /// <summary>Spends <paramref name="funding"/> (worth <paramref name="value"/>) to <paramref name="destination"/>, less <paramref name="fee"/>.</summary>
    public Transaction Spend(OutPoint funding, Satoshis value, Script destination, Satoshis fee) =>
        Spend(funding, value, destination, fee, TxIn.SequenceFinal, 0);

    /// <summary>As <see cref="Spend(OutPoint, Satoshis, Script, Satoshis)"/>, with the input's nSequence and the nLockTime given.</summary>
    public Transaction Spend(OutPoint funding, Satoshis value, Script destination, Satoshis fee, uint sequence, uint lockTime)
    {
        var unsigned = new Transaction(
            2,
            [new TxIn(funding, sequence)],
            [new TxOut(value - fee, destination)],
            lockTime);

        // BIP 143: the scriptCode of a P2WPKH input is the P2PKH script of its key hash.
        Script scriptCode = StandardScripts.PayToWitnessPubKeyHashScriptCodeFromPublicKey(_key.PublicKey.AsSpan());
        byte[] sighash = SegwitV0SignatureHash.Compute(unsigned, 0, scriptCode, value, SigHashType.All);
        byte[] signature = [.. _key.Sign(sighash).ToDer(), (byte)SigHashType.All];
        return unsigned.WithWitness(0, new Witness(signature, _key.PublicKey.ToBytes()));
    }

    /// <summary>The same spend with one bit of the signature's s value flipped: a bad signature.</summary>
    public static Transaction WithCorruptedSignature(Transaction signed)
    {
        byte[] signature = signed.Inputs[0].Witness[0].ToArray();
        signature[^3] ^= 0x01;
        return signed.WithWitness(0, new Witness(signature, signed.Inputs[0].Witness[1].ToArray()));
    }

    public void Dispose() => _key.Dispose();
}
