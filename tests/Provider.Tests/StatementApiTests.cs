using Grpc.Core;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Billing.Statements;
using Microchannels.Channels.Billing.Statements.Errors;
using Microchannels.Channels.Wire;
using Microchannels.Provider.Api.V1;
using Microchannels.Provider.Tests.Support;

namespace Microchannels.Provider.Tests;

/// <summary>
/// GetStatement and GetReadingProof against the real daemon: meter A paid five version-2
/// readings (timestamps 1,700,000,001 to ...005, 2,500,000 msat for each Wh). The daemon
/// builds the statement from its journal and signs it; no statement boundary has passed, so
/// the meter's signature is not on it yet.
/// </summary>
[Collection(OpenChannelsCollection.Name)]
public sealed class StatementApiTests(OpenChannelsFixture fixture)
{
    private const ulong T0 = 1_700_000_000;
    private const ulong Tariff = OpenChannelsFixture.TransferMsat;

    [Fact]
    public async Task Two_periods_verify_as_consecutive_statements_once_the_meter_signs_them()
    {
        var first = await GetAsync(T0, T0 + 4);
        var second = await GetAsync(T0 + 4, T0 + 100);

        Assert.Equal((0UL, 3UL, 3UL), (first.FirstIndex, first.TreeSize, first.ReadingCount));
        Assert.Equal((3UL, 5UL, 2UL), (second.FirstIndex, second.TreeSize, second.ReadingCount));
        Assert.Equal(3 * Tariff, first.AmountMsat);
        Assert.Equal(3UL, first.ImportWh);
        Assert.Equal("", first.MeterSignature);

        var statements = new[] { first, second }.Select(s => StatementJson.Read(s.Json)).ToList();
        Assert.Equal(first.Root, statements[0].Root.ToHex());
        Assert.Equal(fixture.Daemon.NodeId.ToString(), statements[0].ProviderNodeId.ToHex());

        // Everything the provider vouches for verifies; only the meter's signature is missing.
        var missing = Assert.Throws<StatementSignatureInvalidException>(() => StatementVerifier.Verify(statements[0]));
        Assert.Contains("meter", missing.Message, StringComparison.Ordinal);
        var countersigned = statements.Select(s => s.SignAsMeter(fixture.A.NodeKey)).ToList();
        StatementVerifier.VerifySequence(countersigned);
    }

    [Fact]
    public async Task A_reading_proof_verifies_against_the_statement_root()
    {
        var statement = StatementJson.Read((await GetAsync(T0, T0 + 100)).Json);
        var proof = await fixture.ReadOnly.GetReadingProofAsync(new GetReadingProofRequest { MeterNodeId = fixture.A.NodeKey.PublicKey.ToString(), Index = 2, TreeSize = statement.TreeSize });

        Assert.Equal(statement.Root.ToHex(), proof.Root);
        Assert.Equal(Convert.ToHexStringLower(statement.Readings[2].Encode()), proof.Reading);
        var path = proof.AuditPath.Select(h => new Sha256Hash(Convert.FromHexString(h))).ToList();
        StatementVerifier.VerifyReadingInclusion(statement, statement.Readings[2], 2, path);

        // The same path does not prove another reading.
        Assert.ThrowsAny<Microchannels.Channels.Billing.Merkle.Errors.MerkleProofException>(() => StatementVerifier.VerifyReadingInclusion(statement, statement.Readings[3], 2, path));
    }

    [Fact]
    public async Task Bad_requests_get_their_status()
    {
        string meter = fixture.A.NodeKey.PublicKey.ToString();
        var client = fixture.ReadOnly;
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(async () => await client.GetStatementAsync(new GetStatementRequest { MeterNodeId = meter, PeriodStart = 9, PeriodEnd = 9 }))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () => await client.GetStatementAsync(new GetStatementRequest { ChannelId = new string('e', 64), PeriodStart = 1, PeriodEnd = 2 }))).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(async () => await client.GetReadingProofAsync(new GetReadingProofRequest { MeterNodeId = meter, Index = 5, TreeSize = 5 }))).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(async () => await client.GetReadingProofAsync(new GetReadingProofRequest { MeterNodeId = meter, Index = 0, TreeSize = 1_000_000 }))).StatusCode);
    }

    private async Task<Statement> GetAsync(ulong start, ulong end) =>
        await fixture.ReadOnly.GetStatementAsync(new GetStatementRequest { MeterNodeId = fixture.A.NodeKey.PublicKey.ToString(), PeriodStart = start, PeriodEnd = end, TariffMsatPerWh = Tariff });
}
