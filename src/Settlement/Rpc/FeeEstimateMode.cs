namespace Microchannels.Settlement.Rpc;

/// <summary>The <c>estimate_mode</c> argument of <c>estimatesmartfee</c>.</summary>
public enum FeeEstimateMode
{
    /// <summary>Leave the argument out: bitcoind's default.</summary>
    NodeDefault,

    /// <summary>"economical": reacts faster to a falling fee market.</summary>
    Economical,

    /// <summary>"conservative": considers a longer history, less likely to underpay.</summary>
    Conservative,
}
