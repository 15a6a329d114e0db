using BenchmarkDotNet.Attributes;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Benchmarks;

/// <summary>
/// BIP 143 signature hash of a commitment-sized transaction: BOLT 3 Appendix C's
/// "seven outputs untrimmed" commitment (one funding input, seven P2WSH/P2WPKH outputs).
/// </summary>
[MemoryDiagnoser]
public class SighashBenchmarks
{
    private const string CommitmentHex =
        "02000000000101bef67e4e2fb9ddeeb3461973cd4c62abb35050b1add772995b820b584a488489000000000038b02b8007e80300000000000022002052bfef0479d7b293c27e0f1eb294bea154c63a3294ef092c19af51409bce0e2ad007000000000000220020403d394747cae42e98ff01734ad5c08f82ba123d3d9a620abda88989651e2ab5d007000000000000220020748eba944fedc8827f6b06bc44678f93c0f9e6078b35c6331ed31e75f8ce0c2db80b000000000000220020c20b5d1f8584fd90443e7b7b720136174fa4b9333c261d04dbbd012635c0f419a00f0000000000002200208c48d15160397c9731df9bc3b236656efb6665fbfe92b4a6878e88a499f741c4c0c62d0000000000160014cc1b07838e387deacd0e5232e1e8b49f4c29e484e09c6a00000000002200204adb4e2f00643db396dd120d4e7dc17625f5f2c11a40d857accc862d6b7dd80e04004830450221009ec15c687898bb4da8b3a833e5ab8bfc51ec6e9202aaa8e66611edfd4a85ed1102203d7183e45078b9735c93450bc3415d3e5a8c576141a711ec6ddcb4a893926bb701483045022100a135f9e8a5ed25f7277446c67956b00ce6f610ead2bdec2c2f686155b7814772022059f1f6e1a8b336a68efcc1af3fe4d422d4827332b5b067501b099c47b7b5b5ee01475221023da092f6980e58d2c037173180e9a465476026ee50f96695963e8efe436f54eb21030e9f7b623d2ccc7c9bd44d66d5ce21ce504c0acf6385a132cec6d3c39fa711c152ae3e195220";

    private readonly Transaction _commitment = TransactionSerializer.ParseHex(CommitmentHex);
    private readonly Script _fundingScript = Script.FromHex(
        "5221023da092f6980e58d2c037173180e9a465476026ee50f96695963e8efe436f54eb21030e9f7b623d2ccc7c9bd44d66d5ce21ce504c0acf6385a132cec6d3c39fa711c152ae");

    [Benchmark]
    public byte[] CommitmentSighash() =>
        SegwitV0SignatureHash.Compute(_commitment, 0, _fundingScript, new Satoshis(10_000_000), SigHashType.All);

    [Benchmark]
    public Transaction ParseCommitment() => TransactionSerializer.ParseHex(CommitmentHex);

    [Benchmark]
    public byte[] SerializeCommitment() => TransactionSerializer.Serialize(_commitment);
}
