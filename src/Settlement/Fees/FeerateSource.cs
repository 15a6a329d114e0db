namespace Microchannels.Settlement.Fees;

/// <summary>Where a <see cref="FeerateEstimate"/> came from.</summary>
public enum FeerateSource
{
    /// <summary>bitcoind's <c>estimatesmartfee</c>.</summary>
    Bitcoind,

    /// <summary>bitcoind had no estimate (a fresh regtest chain never has one); the configured fallback.</summary>
    Fallback,

    /// <summary>The estimate or fallback was below the relay floor, so the floor was used.</summary>
    RelayFloor,
}
