using BenchmarkDotNet.Attributes;
using Microchannels.Channels.Billing.Statements;
using Microchannels.Channels.Wire;

namespace Microchannels.Benchmarks;

/// <summary>
/// Issue 12's goals on this machine (docs/PERFORMANCE.md, "Billing"): build a month's
/// statement (&lt; 1 s), one inclusion proof (&lt; 50 µs), verify the month (&lt; 5 s).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class BillingMonthBenchmarks
{
    private SignedMeterReading[] _readings = [];
    private ChannelReadingLog _log = BillingMonth.NewLog();
    private BillingStatement? _statement;
    private ulong _next;

    [GlobalSetup]
    public void Setup()
    {
        _readings = BillingMonth.Sign(BillingMonth.Readings);
        _log = BillingMonth.NewLog();
        foreach (var reading in _readings)
        {
            _log.Append(reading);
        }

        _ = _log.Tree();
        _statement = BillingMonth.Statement(_readings);
    }

    /// <summary>From the month's signed readings to its statement: every leaf hash, the tree, the totals, both node signatures.</summary>
    [Benchmark]
    public BillingStatement BuildMonthStatement() => BillingMonth.Statement(_readings);

    /// <summary>One reading's audit path in the month's tree (20 hashes).</summary>
    [Benchmark(OperationsPerInvoke = 1_000)]
    public int InclusionProof()
    {
        int total = 0;
        for (int i = 0; i < 1_000; i++)
        {
            _next = (_next + 7_919) % BillingMonth.Readings;
            total += _log.InclusionProof(_next, BillingMonth.Readings).Count;
        }

        return total;
    }

    /// <summary>Checking one inclusion proof against the month's root.</summary>
    [Benchmark(OperationsPerInvoke = 1_000)]
    public void VerifyInclusionProof()
    {
        for (int i = 0; i < 1_000; i++)
        {
            _next = (_next + 7_919) % BillingMonth.Readings;
            StatementVerifier.VerifyReadingInclusion(_statement!, _readings[_next], _next, _log.InclusionProof(_next, BillingMonth.Readings));
        }
    }

    /// <summary>The whole month: chain, binding, root, totals, money, node signatures, and every reading's meter signature.</summary>
    [Benchmark]
    public void VerifyMonthWithReadingSignatures() => StatementVerifier.Verify(_statement!, checkReadingSignatures: true);

    /// <summary>The same without the 518,400 ECDSA verifications (a party whose engine already checked each reading).</summary>
    [Benchmark]
    public void VerifyMonthWithoutReadingSignatures() => StatementVerifier.Verify(_statement!, checkReadingSignatures: false);
}
