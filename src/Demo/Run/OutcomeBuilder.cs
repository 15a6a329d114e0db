using Microchannels.Bitcoin.Transactions;
using Microchannels.Demo.Chains;
using Microchannels.Provider.Api.V1;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Demo.Run;

/// <summary>
/// Reads how a closed channel ended from the chain (funding, closing, sweep) and the provider's
/// API, and checks that it adds up to the satoshi: the funding output is the two final balances
/// plus the fees, the provider's output is what the journaled transfers moved to it (rounded down
/// to the satoshi, BOLT 3), and the meter's acknowledged payments are the provider's receipts.
/// </summary>
internal sealed class OutcomeBuilder(ProviderDaemon provider, DemoChain chain)
{
    /// <summary>BOLT 3 leaves out an output below the dust limit; the engine's is 546 sat (ChannelAcceptancePolicy.DustLimit).</summary>
    private const long DustLimitSat = 546;

    public async Task<ChannelOutcome> BuildAsync(
        MeterDaemon meter,
        string channelId,
        string kind,
        TxId closingTxId,
        (RawTransactionInfo Sweep, uint ToSelfDelay, int After)? sweep,
        IReadOnlyDictionary<string, (long NetMsat, int Count)> journal,
        CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (sweep is { } swept)
        {
            // Read again: the sweep has gained confirmations since it was found.
            sweep = swept with { Sweep = await chain.Wallet.GetRawTransactionInfoAsync(swept.Sweep.TxId, cancellationToken: cancellationToken).ConfigureAwait(false) };
        }

        var channel = await provider.Client.GetChannelAsync(new GetChannelRequest { ChannelId = channelId }, provider.Connection.Unary(cancellationToken)).ConfigureAwait(false);
        var fundingTxId = TxId.Parse(channel.FundingOutpoint.Txid);
        var funding = await chain.Wallet.GetRawTransactionInfoAsync(fundingTxId, cancellationToken: cancellationToken).ConfigureAwait(false);
        long fundingSat = funding.Transaction.Outputs[(int)channel.FundingOutpoint.OutputIndex].Value.Value;
        var closing = await chain.Wallet.GetRawTransactionInfoAsync(closingTxId, cancellationToken: cancellationToken).ConfigureAwait(false);
        var fundingOutPoint = new Bitcoin.Transactions.OutPoint(fundingTxId, channel.FundingOutpoint.OutputIndex);
        if (closing.Transaction.Inputs.Length != 1 || closing.Transaction.Inputs[0].PrevOut != fundingOutPoint)
        {
            problems.Add($"the closing transaction {closingTxId} does not spend the funding output {fundingOutPoint} alone");
        }

        long closeFee = fundingSat - closing.Transaction.Outputs.Sum(o => o.Value.Value);
        long netMsat = (long)channel.TotalReceivedMsat - (long)channel.TotalSentMsat;
        long expectedProviderSat = netMsat / 1000;
        long? providerOutput;
        long meterFinal;
        long providerFinal;
        long fees = closeFee;
        if (kind == "force")
        {
            // The provider's commitment: to_local (P2WSH, delayed) is the provider's, to_remote the meter's.
            int toLocal = Closer.ToLocalIndex(closing.Transaction);
            providerOutput = toLocal < 0 ? null : closing.Transaction.Outputs[toLocal].Value.Value;
            meterFinal = closing.Transaction.Outputs.Where((_, i) => i != toLocal).Sum(o => o.Value.Value);
            // Swept: the sweep's output is the provider's and the difference a fee. Not swept (worth
            // less than the fee to spend it): the provider's output stays on chain as it is.
            long sweepOutputs = sweep?.Sweep.Transaction.Outputs.Sum(o => o.Value.Value) ?? providerOutput ?? 0;
            providerFinal = sweepOutputs;
            fees += (providerOutput ?? 0) - sweepOutputs;
        }
        else
        {
            // A mutual close pays each side its balance rounded down; the funder (the meter) pays the fee.
            var outputs = closing.Transaction.Outputs.Select(o => o.Value.Value).ToList();
            providerOutput = outputs.Contains(expectedProviderSat) && outputs.Count == 2 ? expectedProviderSat : null;
            providerFinal = providerOutput ?? 0;
            meterFinal = outputs.Sum() - providerFinal;
            if (outputs.Count == 2 && providerOutput is null)
            {
                problems.Add($"no output of the closing transaction is the provider's {expectedProviderSat} sat (outputs {string.Join(", ", outputs)})");
            }
        }

        if (providerOutput is { } paid && paid != expectedProviderSat)
        {
            problems.Add($"the provider's output is {paid} sat, its transfers net {netMsat} msat (floor {expectedProviderSat} sat)");
        }

        if (providerOutput is null && expectedProviderSat >= DustLimitSat)
        {
            problems.Add($"the provider's {expectedProviderSat} sat is above the dust limit, yet it has no output");
        }

        if (fundingSat != meterFinal + providerFinal + fees)
        {
            problems.Add($"funding {fundingSat} sat != meter {meterFinal} + provider {providerFinal} + fees {fees}");
        }

        if (closeFee <= 0 || fees <= 0)
        {
            problems.Add($"the fees are not positive ({closeFee} sat closing, {fees} sat in all)");
        }

        var (journalNet, count) = journal.GetValueOrDefault(channelId);
        if (journalNet != netMsat)
        {
            problems.Add($"the journal's transfers net {journalNet} msat, the channel's totals {netMsat} msat");
        }

        ulong meterPaid = meter.Last?.Payments.PaidMsat ?? 0;
        if (meterPaid != channel.TotalReceivedMsat)
        {
            problems.Add($"the meter says {meterPaid} msat acknowledged, the provider received {channel.TotalReceivedMsat} msat");
        }

        return new ChannelOutcome
        {
            Meter = meter.Name,
            Load = meter.Profile.Label,
            MeterNodeId = meter.NodeId,
            ChannelId = channelId,
            Close = kind,
            FundingTxid = fundingTxId.ToString(),
            FundingOutputIndex = channel.FundingOutpoint.OutputIndex,
            FundingSat = fundingSat,
            FundingConfirmations = funding.Confirmations,
            ClosingTxid = closingTxId.ToString(),
            ClosingConfirmations = closing.Confirmations,
            SweepTxid = sweep?.Sweep.TxId.ToString(),
            SweepConfirmations = sweep?.Sweep.Confirmations,
            ToSelfDelay = sweep?.ToSelfDelay,
            SweepAfterBlocks = sweep?.After,
            MeterFinalSat = meterFinal,
            ProviderFinalSat = providerFinal,
            FeesSat = fees,
            ProviderCloseOutputSat = providerOutput,
            ReceivedMsat = channel.TotalReceivedMsat,
            SentMsat = channel.TotalSentMsat,
            JournalNetMsat = journalNet,
            TransferCount = count,
            MeterPaidMsat = meterPaid,
            Problems = problems,
        };
    }
}
