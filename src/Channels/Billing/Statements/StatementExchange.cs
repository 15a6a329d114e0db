using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Billing.Statements.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Billing.Statements;

/// <summary>
/// The <c>statement_signature</c> exchange (docs/PROTOCOL.md): each side builds the
/// statement from its own records, signs it, sends the signature, and attaches the
/// counterparty's once it verifies over the digest it computed itself.
/// </summary>
public static class StatementExchange
{
    /// <summary>Our <c>statement_signature</c> for a statement we signed.</summary>
    public static StatementSignature Offer(BillingStatement statement, bool asProvider)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var signature = (asProvider ? statement.ProviderSignature : statement.MeterSignature)
            ?? throw new InvalidOperationException("Sign the statement before offering its signature.");
        return new StatementSignature(statement.ChannelId, statement.PeriodStart, statement.PeriodEnd, statement.TreeSize, statement.Digest(), signature);
    }

    /// <summary>
    /// Attaches the counterparty's signature to our statement.
    /// </summary>
    /// <exception cref="StatementSignatureInvalidException">It signed another statement (another digest) or its signature does not verify.</exception>
    public static BillingStatement Accept(BillingStatement ours, StatementSignature theirs, bool weAreProvider)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        string side = weAreProvider ? "meter" : "provider";
        var digest = ours.Digest();
        var node = PublicKey.FromBytes((weAreProvider ? ours.MeterNodeId : ours.ProviderNodeId).AsSpan());
        bool valid = theirs.ChannelId == ours.ChannelId && theirs.Digest == digest && Verifies(node, digest, theirs.Signature);
        if (!valid)
        {
            throw new StatementSignatureInvalidException(side);
        }

        return weAreProvider ? ours with { MeterSignature = theirs.Signature } : ours with { ProviderSignature = theirs.Signature };
    }

    private static bool Verifies(PublicKey key, Sha256Hash digest, CompactSignature signature)
    {
        try
        {
            return key.Verify(digest.AsSpan(), EcdsaSignature.FromCompact(signature.AsSpan()));
        }
        catch (InvalidSignatureException)
        {
            return false;
        }
    }
}
