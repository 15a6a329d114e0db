namespace Microchannels.EmbeddedChain.Chain;

/// <summary>A block broke a consensus rule; <see cref="Reason"/> is bitcoind's reject reason ("bad-txns-inputs-missingorspent", "bad-cb-amount").</summary>
public sealed class BlockRejectedException : Exception
{
    public BlockRejectedException()
        : this("block rejected")
    {
    }

    public BlockRejectedException(string reason)
        : base(reason)
    {
        Reason = reason;
    }

    public BlockRejectedException(string reason, Exception innerException)
        : base(reason, innerException)
    {
        Reason = reason;
    }

    public string Reason { get; } = string.Empty;
}
