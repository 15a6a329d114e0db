using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Oracle.Tests;

/// <summary>Seeded random transactions and scripts for comparing our encodings and hashes with NBitcoin's.</summary>
internal static class RandomTransactions
{
    /// <summary>1-5 inputs (some with witnesses), 1-5 outputs, any version, sequence and lock time.</summary>
    public static Transaction Next(Random random)
    {
        var inputs = Enumerable.Range(0, random.Next(1, 6)).Select(_ =>
        {
            var witness = random.Next(2) == 0 ? Witness.Empty : new Witness([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => Bytes(random, random.Next(0, 80)))]);
            return new TxIn(new OutPoint(new TxId(Bytes(random, 32)), (uint)random.Next()), NextScript(random, 3), Uint(random), witness);
        });
        var outputs = Enumerable.Range(0, random.Next(1, 6)).Select(_ => new TxOut(new Satoshis(random.NextInt64(0, 21_000_000L * 100_000_000)), NextScript(random, 6)));
        return new Transaction(random.Next(int.MinValue, int.MaxValue), [.. inputs], [.. outputs], Uint(random));
    }

    /// <summary>A script of pushes and opcodes, never OP_CODESEPARATOR (whose legacy-sighash handling is Bitcoin Core's sighash.json's to test).</summary>
    public static Script NextScript(Random random, int maxParts)
    {
        var builder = new ScriptBuilder();
        for (int i = random.Next(0, maxParts + 1); i > 0; i--)
        {
            if (random.Next(2) == 0)
            {
                builder.Push(Bytes(random, random.Next(0, 80)));
            }
            else
            {
                var op = (OpCode)random.Next(0x60, 0xba);
                builder.Op(op == OpCode.OP_CODESEPARATOR ? OpCode.OP_CHECKSIG : op);
            }
        }

        return builder.Build();
    }

    public static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static uint Uint(Random random) => (uint)random.NextInt64(0, 1L << 32);
}
