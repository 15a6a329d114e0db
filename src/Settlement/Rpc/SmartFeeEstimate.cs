using System.Collections.Immutable;
using Microchannels.Bitcoin;

namespace Microchannels.Settlement.Rpc;

/// <summary>
/// <c>estimatesmartfee</c>: a fee rate per 1000 virtual bytes (bitcoind's BTC/kvB,
/// converted exactly to satoshis), or, when bitcoind has not seen enough
/// transactions (always so on a fresh regtest chain), no rate and
/// <see cref="Errors"/> such as "Insufficient data or no feerate found".
/// <see cref="Blocks"/> is the target the estimate was found for.
/// </summary>
public sealed record SmartFeeEstimate(Satoshis? FeeRatePerKilovbyte, ImmutableArray<string> Errors, int Blocks)
{
    internal static SmartFeeEstimate FromJson(RpcJson json)
    {
        Satoshis? rate = json.OptionalProperty("feerate")?.Btc();
        if (rate is { Value: <= 0 })
        {
            throw json.Fail($"has a non-positive feerate {rate}");
        }

        return new SmartFeeEstimate(rate, json.OptionalProperty("errors")?.Strings() ?? [], json.Property("blocks").Int32());
    }
}
