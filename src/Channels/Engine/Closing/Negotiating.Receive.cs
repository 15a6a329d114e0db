using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Closing.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing;

/// <summary>BOLT 2 "Legacy Closing Negotiation: closing_signed", the receiving node.</summary>
public sealed partial record Negotiating
{
    /// <summary>
    /// Check the peer's proposal (signature, fee against the funder's balance and the
    /// ranges, relay dust), then agree or counter. Throws the broken rule and leaves this
    /// state as it was.
    /// </summary>
    public ClosingSignedOutcome ReceiveClosingSigned(ClosingSigned message, IChannelSigner signer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(signer);
        CheckChannel(message.ChannelId);
        if (IsAgreed)
        {
            throw new UnexpectedClosingSignedException(ChannelId, afterAgreement: true);
        }

        ulong fee = message.FeeSatoshis;
        var (closing, remoteSignature, remoteOutputEliminated) = CheckProposal(message);

        // "if fee_satoshis is equal to its previously sent fee_satoshis: SHOULD sign and
        // broadcast the final closing transaction."
        if (LastSent is { } sent && sent.FeeSatoshis == fee)
        {
            return Agree(closing, fee, remoteSignature, signer, replyRange: null);
        }

        // The funder eliminated its own output (BOLT 3: "MAY eliminate its own output"). The fee
        // is taken from that output alone, so every fee gives this same transaction, and a
        // counter-proposal signed with the output present would fail its check: agree.
        if (remoteOutputEliminated && !Commitments.Parameters.LocalIsOpener)
        {
            return Agree(closing, fee, remoteSignature, signer, message.FeeRange ?? new ClosingFeeRange(fee, fee));
        }

        return message.FeeRange is { } range
            ? ReceiveWithRange(fee, range, closing, remoteSignature, signer)
            : ReceiveWithoutRange(fee, closing, remoteSignature, signer);
    }

    /// <summary>"if the message contains a fee_range".</summary>
    private ClosingSignedOutcome ReceiveWithRange(ulong fee, ClosingFeeRange range, ClosingTransaction closing, EcdsaSignature remoteSignature, IChannelSigner signer)
    {
        if (Commitments.Parameters.LocalIsOpener)
        {
            // "if it is the funder: if fee_satoshis is not in the overlap between the sent and
            // received fee_range: MUST fail the channel"; "otherwise: MUST reply with the same fee_satoshis."
            var ours = LastSent?.FeeRange ?? Fees.Range;
            var agreeable = ClosingFees.Overlap(ours, range) ?? throw new ClosingFeeRangesDoNotOverlapException(ChannelId, ours, range);
            return ClosingFees.Contains(agreeable, fee)
                ? Agree(closing, fee, remoteSignature, signer, ours)
                : throw new ClosingFeeOutsideRangeException(ChannelId, fee, agreeable);
        }

        // "otherwise (it is not the funder): if it has already sent a closing_signed: if
        // fee_satoshis is not the same as the value it sent: MUST fail the channel".
        if (LastSent is { } sent)
        {
            throw new ClosingFeeMismatchException(ChannelId, sent.FeeSatoshis, fee);
        }

        // "if it is not the funder: SHOULD set max_fee_satoshis to at least the
        // max_fee_satoshis received" (no higher than the funder can pay).
        ulong cap = (ulong)ClosingTransactionFactory.FunderBalance(Commitments).Value;
        var ourRange = Fees.Range with { MaxFeeSatoshis = Math.Max(Fees.Range.MaxFeeSatoshis, Math.Min(range.MaxFeeSatoshis, cap)) };
        var overlap = ClosingFees.Overlap(ourRange, range) ?? throw new ClosingFeeRangesDoNotOverlapException(ChannelId, ourRange, range);

        // "MUST propose a fee_satoshis in the overlap". The funder pays, so any fee at or
        // above our estimate suits us (as eclair); below it, we ask for our estimate.
        ulong chosen = fee >= Fees.PreferredSatoshis ? fee : Math.Min(Fees.PreferredSatoshis, overlap.MaxFeeSatoshis);
        chosen = Math.Clamp(chosen, overlap.MinFeeSatoshis, overlap.MaxFeeSatoshis);
        return chosen == fee
            ? Agree(closing, fee, remoteSignature, signer, ourRange)
            : Propose(chosen, fee, ourRange, signer);
    }

    /// <summary>
    /// A peer without <c>fee_range</c>: "if fee_satoshis is not strictly between its
    /// last-sent fee_satoshis and its previously-received fee_satoshis ... SHOULD send a
    /// warning ... or fail the channel"; "otherwise, if the receiver agrees with the fee:
    /// SHOULD reply with a closing_signed with the same fee_satoshis value"; "otherwise:
    /// MUST propose a value strictly between the received fee_satoshis and its
    /// previously-sent fee_satoshis". We agree to any fee in our range and otherwise move to
    /// the edge of our range nearest theirs, once: the exchange ends within a few rounds.
    /// </summary>
    private ClosingSignedOutcome ReceiveWithoutRange(ulong fee, ClosingTransaction closing, EcdsaSignature remoteSignature, IChannelSigner signer)
    {
        if (LastSent is { } previous && LastReceivedFeeSatoshis is { } previousReceived
            && !(Math.Min(previous.FeeSatoshis, previousReceived) < fee && fee < Math.Max(previous.FeeSatoshis, previousReceived)))
        {
            throw new ClosingFeeNotConvergingException(ChannelId, fee, previous.FeeSatoshis, previousReceived);
        }

        var ours = LastSent?.FeeRange ?? Fees.Range;
        if (ClosingFees.Contains(ours, fee))
        {
            return Agree(closing, fee, remoteSignature, signer, ours);
        }

        ulong proposal = Math.Clamp(fee, ours.MinFeeSatoshis, ours.MaxFeeSatoshis);
        if (LastSent is { } sent && proposal == sent.FeeSatoshis)
        {
            throw new ClosingFeeRangesDoNotOverlapException(ChannelId, ours, new ClosingFeeRange(fee, fee));
        }

        return Propose(proposal, fee, ours, signer);
    }

    /// <summary>
    /// The checks on any proposal, before its fee is weighed: the funder can pay it, it lies
    /// in the sender's own range, the signature is valid for one of the two variants BOLT 3
    /// allows, and no output is below relay dust.
    /// </summary>
    private (ClosingTransaction Closing, EcdsaSignature RemoteSignature, bool RemoteOutputEliminated) CheckProposal(ClosingSigned message)
    {
        ulong fee = message.FeeSatoshis;
        var funderBalance = ClosingTransactionFactory.FunderBalance(Commitments);
        if (fee > (ulong)funderBalance.Value)
        {
            throw new ClosingFeeAboveFunderBalanceException(ChannelId, fee, funderBalance);
        }

        if (message.FeeRange is { } range && !ClosingFees.Contains(range, fee))
        {
            throw new ClosingFeeOutsideRangeException(ChannelId, fee, range);
        }

        var closing = ClosingTransactionFactory.Build(Commitments, LocalScript, RemoteScript, fee);
        if (closing.Transaction.Outputs.IsEmpty)
        {
            throw new ClosingTransactionWithoutOutputsException(ChannelId, fee);
        }

        var (signature, trimmed) = VerifiedSignature(message, closing);
        closing = trimmed ?? closing;
        foreach (var output in closing.Transaction.Outputs)
        {
            var kind = ShutdownRules.Classify(output.ScriptPubKey.AsSpan());
            var threshold = ShutdownRules.DustThreshold(kind);
            if (output.Value < threshold)
            {
                throw new ClosingOutputBelowDustException(ChannelId, output.Value, kind, threshold);
            }
        }

        return (closing, signature, trimmed is not null);
    }

    /// <summary>
    /// BOLT 2: "if the signature is not valid for either variant of closing transaction
    /// specified in BOLT #3 OR non-compliant with LOW-S-standard rule": fail. The variants:
    /// ours (built with our dust limit), and ours without the signer's own output (BOLT 3
    /// "Legacy Closing Transaction": "MAY eliminate its own output"). libsecp256k1's
    /// verify rejects high-S.
    /// </summary>
    /// <returns>The signature, and the variant without the signer's output when that is the one signed.</returns>
    private (EcdsaSignature Signature, ClosingTransaction? Trimmed) VerifiedSignature(ClosingSigned message, ClosingTransaction closing)
    {
        EcdsaSignature signature;
        try
        {
            signature = EcdsaSignature.FromCompact(message.Signature.AsSpan());
        }
        catch (InvalidSignatureException)
        {
            throw new InvalidClosingSignatureException(ChannelId, message.FeeSatoshis);
        }

        var fundingKey = Commitments.Parameters.Remote.Basepoints.FundingPubKey;
        if (fundingKey.Verify(closing.SignatureHash(), signature))
        {
            return (signature, null);
        }

        if (ClosingTransactionFactory.WithoutRemoteOutput(closing) is { Transaction.Outputs.IsEmpty: false } trimmed
            && fundingKey.Verify(trimmed.SignatureHash(), signature))
        {
            return (signature, trimmed);
        }

        throw new InvalidClosingSignatureException(ChannelId, message.FeeSatoshis);
    }
}
