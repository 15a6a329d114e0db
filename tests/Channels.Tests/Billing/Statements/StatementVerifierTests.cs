using Microchannels.Channels.Billing.Merkle.Errors;
using Microchannels.Channels.Billing.Statements;
using Microchannels.Channels.Billing.Statements.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Billing.Statements;

/// <summary>docs/STATEMENTS.md "Verifying": a good statement passes, and each way of cheating has its own error.</summary>
public sealed class StatementVerifierTests : IDisposable
{
    private readonly MeterAndProvider _parties = new();
    private readonly BillingStatement _statement;

    public StatementVerifierTests()
    {
        for (int i = 0; i < 10; i++)
        {
            _parties.Pay(wh: (ulong)(i % 3) + 1);
        }

        _statement = _parties.Statement(MeterAndProvider.Start, MeterAndProvider.Start + 3600);
    }

    public void Dispose() => _parties.Dispose();

    [Fact]
    public void A_statement_both_sides_signed_verifies_and_survives_its_file()
    {
        StatementVerifier.Verify(_statement);
        var reread = StatementJson.Read(StatementJson.Write(_statement));
        StatementVerifier.Verify(reread);
        Assert.Equal(StatementJson.Write(_statement), StatementJson.Write(reread));
        Assert.Equal(_statement.Digest(), reread.Digest());
    }

    [Fact]
    public void Tampered_reading_is_detected()
    {
        var readings = _statement.Readings.ToList();
        var victim = readings[4];
        readings[4] = victim with { Reading = victim.Reading with { CumulativeWh = victim.Reading.CumulativeWh + 1 } };
        var error = Assert.Throws<StatementReadingTamperedException>(() => StatementVerifier.Verify(_statement with { Readings = readings }));
        Assert.Equal(4, error.Index);
    }

    [Fact]
    public void Reordered_reading_is_detected() =>
        AssertBroken(ReadingChainBreak.Reordered, 3, r => { (r[3], r[4]) = (r[4], r[3]); });

    [Fact]
    public void Omitted_reading_is_detected() =>
        AssertBroken(ReadingChainBreak.Omitted, 5, r => r.RemoveAt(5));

    [Fact]
    public void Duplicated_reading_is_detected() =>
        AssertBroken(ReadingChainBreak.Duplicated, 6, r => r.Insert(6, r[5]));

    [Fact]
    public void Reading_replayed_from_another_channel_is_detected()
    {
        using var other = new MeterAndProvider("another channel");
        var foreign = other.Pay();
        var error = Assert.Throws<StatementReadingForeignException>(() => StatementVerifier.Verify(_statement with { Readings = [.. _statement.Readings, foreign] }));
        Assert.Equal("channel", error.Field);
    }

    [Fact]
    public void Reading_replayed_from_another_provider_is_detected()
    {
        using var other = new MeterAndProvider();
        other.Clock = _parties.Clock;
        var elsewhere = other.Pay(provider: new Point(other.MeterNodeId.AsSpan()));
        var error = Assert.Throws<StatementReadingForeignException>(() => StatementVerifier.Verify(_statement with { Readings = [.. _statement.Readings, elsewhere] }));
        Assert.Equal("provider", error.Field);
    }

    [Fact]
    public void Money_not_matching_energy_times_tariff_is_detected()
    {
        // Both sides signed it, the totals add up, the root is right: the price is wrong.
        using var parties = new MeterAndProvider();
        parties.Pay(wh: 2);
        parties.Pay(wh: 3, amountMsat: 3 * MeterAndProvider.Tariff + 1);
        var statement = parties.Statement(MeterAndProvider.Start, MeterAndProvider.Start + 3600);
        var error = Assert.Throws<StatementMoneyMismatchException>(() => StatementVerifier.Verify(statement));
        Assert.Equal(5UL, error.ImportWh);
    }

    [Fact]
    public void Totals_other_than_the_readings_own_are_detected() =>
        Assert.Throws<StatementTotalsMismatchException>(() => StatementVerifier.Verify(_parties.Resign(_statement with { Totals = _statement.Totals with { ImportWh = _statement.Totals.ImportWh + 1 } })));

    [Fact]
    public void A_root_the_readings_do_not_give_is_detected() =>
        Assert.Throws<StatementRootMismatchException>(() => StatementVerifier.Verify(_parties.Resign(_statement with { Root = new Sha256Hash(new byte[32]) })));

    [Fact]
    public void Missing_or_forged_node_signatures_are_detected()
    {
        Assert.Equal("meter", Assert.Throws<StatementSignatureInvalidException>(() => StatementVerifier.Verify(_statement with { MeterSignature = null })).Side);
        // The meter's signature of another statement (another tariff) does not carry over.
        var otherSignature = (_statement with { TariffMsatPerWh = 150 }).SignAsMeter(_parties.MeterNodeKey).MeterSignature;
        Assert.Equal("meter", Assert.Throws<StatementSignatureInvalidException>(() => StatementVerifier.Verify(_statement with { MeterSignature = otherSignature })).Side);
        Assert.Equal("provider", Assert.Throws<StatementSignatureInvalidException>(() => StatementVerifier.Verify(_statement with { ProviderSignature = _statement.MeterSignature })).Side);
    }

    [Fact]
    public void Every_reading_is_provable_against_the_root_and_nothing_else_is()
    {
        for (ulong i = 0; i < _statement.TreeSize; i++)
        {
            StatementVerifier.VerifyReadingInclusion(_statement, _statement.Readings[(int)i], i, _parties.Log.InclusionProof(i, _statement.TreeSize));
        }

        Assert.Throws<MerkleRootMismatchException>(() => StatementVerifier.VerifyReadingInclusion(_statement, _statement.Readings[1], 2, _parties.Log.InclusionProof(2, _statement.TreeSize)));
    }

    [Fact]
    public void Consecutive_statements_follow_one_another_and_are_consistent()
    {
        _parties.Clock = MeterAndProvider.Start + 3600;
        for (int i = 0; i < 7; i++)
        {
            _parties.Pay();
        }

        var next = _parties.Statement(MeterAndProvider.Start + 3600, MeterAndProvider.Start + 7200);
        StatementVerifier.VerifySequence([_statement, next]);
        StatementVerifier.VerifyConsistency(_statement, next, _parties.Log.ConsistencyProof(_statement.TreeSize, next.TreeSize));
        Assert.Throws<StatementSequenceException>(() => StatementVerifier.VerifySequence([next, _statement]));
        Assert.Throws<MerkleRootMismatchException>(() => StatementVerifier.VerifyConsistency(_statement, next with { Root = _statement.Root }, _parties.Log.ConsistencyProof(_statement.TreeSize, next.TreeSize)));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"version\": 2}")]
    [InlineData("[]")]
    public void A_file_that_is_not_a_statement_is_refused(string text) =>
        Assert.Throws<StatementFormatException>(() => StatementJson.Read(text));

    [Fact]
    public void A_file_with_a_bad_hex_field_is_refused()
    {
        var text = StatementJson.Write(_statement).Replace(_statement.Root.ToHex(), "zz" + _statement.Root.ToHex()[2..], StringComparison.Ordinal);
        Assert.Throws<StatementFormatException>(() => StatementJson.Read(text));
    }

    private void AssertBroken(ReadingChainBreak kind, int index, Action<List<SignedMeterReading>> edit)
    {
        var readings = _statement.Readings.ToList();
        edit(readings);
        var error = Assert.Throws<StatementReadingOutOfOrderException>(() => StatementVerifier.Verify(_parties.Resign(_statement with { Readings = readings })));
        Assert.Equal(kind, error.Kind);
        Assert.Equal(index, error.Index);
    }
}
