using Microchannels.Bitcoin;

namespace Microchannels.Settlement.Tests.Regtest;

/// <summary>What the regtest tests fund a key with, and the fee each of their spends pays.</summary>
internal static class TestAmounts
{
    /// <summary>One coin: the output each test funds its key with.</summary>
    public static readonly Satoshis Funding = new(100_000_000);

    /// <summary>The fee of a test spend, well above the minimum relay fee.</summary>
    public static readonly Satoshis Fee = new(10_000);
}
