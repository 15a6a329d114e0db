using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Addresses;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Settlement.Tests.Support;

/// <summary>
/// A P2WSH output spendable by one key only after a relative delay of 5 blocks (BIP 112),
/// as a channel's to_local: <c>5 OP_CHECKSEQUENCEVERIFY OP_DROP &lt;pubkey&gt; OP_CHECKSIG</c>.
/// Spends are signed with our own BIP 143 code.
/// </summary>
internal sealed class CsvLockedKey : IDisposable
{
    public const ushort Delay = 5;

    private readonly PrivateKey _key = PrivateKey.Generate();

    public Script WitnessScript => new ScriptBuilder()
        .Op(OpCode.OP_5).Op(OpCode.OP_CSV).Op(OpCode.OP_DROP)
        .Push(_key.PublicKey.AsSpan()).Op(OpCode.OP_CHECKSIG)
        .Build();

    public string Address => new SegwitAddress(Network.Regtest, 0, Hashes.Sha256(WitnessScript.AsSpan())).ToString();

    /// <summary>Spends <paramref name="funding"/> with nSequence = <paramref name="sequence"/> (BIP 68 reads it as the relative lock).</summary>
    public Transaction Spend(OutPoint funding, Satoshis value, Script destination, Satoshis fee, uint sequence = Delay)
    {
        var unsigned = new Transaction(2, [new TxIn(funding, sequence)], [new TxOut(value - fee, destination)], 0);
        byte[] sighash = SegwitV0SignatureHash.Compute(unsigned, 0, WitnessScript, value, SigHashType.All);
        byte[] signature = [.. _key.Sign(sighash).ToDer(), (byte)SigHashType.All];
        return unsigned.WithWitness(0, new Witness(signature, WitnessScript.AsSpan().ToArray()));
    }

    public void Dispose() => _key.Dispose();
}
