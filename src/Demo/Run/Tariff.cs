namespace Microchannels.Demo.Run;

/// <summary>The demo's price, set on both sides (the meters' Tariff settings and the provider's default tariff).</summary>
internal static class Tariff
{
    /// <summary>
    /// 3 sat per Wh: about ten times a household price, so that a short run moves more than the
    /// 546 sat dust limit into the provider's output of the busier channels (below it, BOLT 3
    /// leaves the output out and the amount goes to the fee), and enough into the force-closed
    /// channel's to_local that sweeping it is worth its fee.
    /// </summary>
    public const ulong MsatPerWh = 3_000;

    public const ulong CeilingMsatPerWh = 10_000;

    /// <summary>Each meter's channel capacity, funded from its own wallet.</summary>
    public const ulong FundingSat = 200_000;

    /// <summary>What the demo pays each meter's wallet before it opens.</summary>
    public const long WalletFundingSat = 300_000;
}
