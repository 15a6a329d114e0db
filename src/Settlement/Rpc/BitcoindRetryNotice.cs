namespace Microchannels.Settlement.Rpc;

/// <summary>
/// One retry about to happen: <paramref name="Method"/> failed on attempt
/// <paramref name="Attempt"/> (1 for the first request) with
/// <paramref name="Fault"/>, and the next attempt follows after <paramref name="Delay"/>.
/// </summary>
public sealed record BitcoindRetryNotice(string Method, int Attempt, TimeSpan Delay, BitcoindException Fault);
