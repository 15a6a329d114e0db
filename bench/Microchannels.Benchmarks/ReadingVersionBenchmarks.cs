using BenchmarkDotNet.Attributes;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels;
using Microchannels.Channels.Wire;

namespace Microchannels.Benchmarks;

/// <summary>What version 2 adds per transfer over version 1 (docs/PERFORMANCE.md, "Billing"): hashing, signing, verifying and encoding one reading.</summary>
[MemoryDiagnoser]
public class ReadingVersionBenchmarks
{
    private readonly PrivateKey _key = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x11, 32).ToArray());
    private MeterReading _v1;
    private MeterReading _v2;
    private EcdsaSignature _sig1 = null!;
    private EcdsaSignature _sig2 = null!;
    private SignedMeterReading _signed1 = null!;
    private SignedMeterReading _signed2 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _v1 = new MeterReading(1_234_567, 12_345_670, 1_750_000_000);
        _v2 = MeterReading.V2(1_234_567, 12_345_670, 1_750_000_000, new ReadingBinding(
            ChainHash.Regtest, new ChannelId(Hashes.Sha256("c"u8)), new Point(_key.PublicKey.AsSpan()), 42, new MilliSatoshis(1_500_000), 2_345, _v1.SigningHash()));
        _sig1 = _key.Sign(_v1.SigningHash().AsSpan());
        _sig2 = _key.Sign(_v2.SigningHash().AsSpan());
        _signed1 = new SignedMeterReading(_v1, new CompactSignature(_sig1.ToCompact()));
        _signed2 = new SignedMeterReading(_v2, new CompactSignature(_sig2.ToCompact()));
    }

    [Benchmark(Baseline = true)]
    public Sha256Hash HashV1() => _v1.SigningHash();

    [Benchmark]
    public Sha256Hash HashV2() => _v2.SigningHash();

    /// <summary>The meter's cost: hash and sign.</summary>
    [Benchmark]
    public EcdsaSignature SignV1() => _key.Sign(_v1.SigningHash().AsSpan());

    [Benchmark]
    public EcdsaSignature SignV2() => _key.Sign(_v2.SigningHash().AsSpan());

    /// <summary>The provider's cost: hash and verify; v2 also hashes the previous reading to check the chain (a second HashV2).</summary>
    [Benchmark]
    public bool VerifyV1() => _key.PublicKey.Verify(_v1.SigningHash().AsSpan(), _sig1);

    [Benchmark]
    public bool VerifyV2() => _key.PublicKey.Verify(_v2.SigningHash().AsSpan(), _sig2) && _v2.SigningHash() is not null;

    [Benchmark]
    public byte[] EncodeV1() => _signed1.Encode();

    [Benchmark]
    public byte[] EncodeV2() => _signed2.Encode();
}
