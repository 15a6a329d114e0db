using Microchannels.Bitcoin;

namespace Microchannels.Settlement.Fees;

/// <summary>A fee rate for BOLT 3 transactions, and whether bitcoind or a configured value chose it.</summary>
public sealed record FeerateEstimate(FeeratePerKw Feerate, FeerateSource Source);
