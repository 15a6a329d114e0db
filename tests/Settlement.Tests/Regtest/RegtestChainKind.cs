namespace Microchannels.Settlement.Tests.Regtest;

/// <summary>Which chain a regtest test runs against.</summary>
public enum RegtestChainKind
{
    /// <summary>The SIMULATED embedded chain (src/Settlement/EmbeddedChain), in process: always there.</summary>
    Embedded,

    /// <summary>A real bitcoind started by <see cref="Settlement.Regtest.RegtestNode"/>: only where one is found.</summary>
    Bitcoind,
}
