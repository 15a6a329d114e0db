namespace Microchannels.Channels.Transactions;

/// <summary>Whether the commitment's owner offered the HTLC or received it (BOLT 3 wording).</summary>
public enum HtlcDirection
{
    /// <summary>Offered by the owner ("local->remote" in Appendix C).</summary>
    Offered,

    /// <summary>Received by the owner ("remote->local" in Appendix C).</summary>
    Received,
}
