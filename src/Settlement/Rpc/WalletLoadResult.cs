using System.Collections.Immutable;

namespace Microchannels.Settlement.Rpc;

/// <summary><c>createwallet</c> / <c>loadwallet</c>: the wallet's name and any warnings.</summary>
public sealed record WalletLoadResult(string Name, ImmutableArray<string> Warnings)
{
    internal static WalletLoadResult FromJson(RpcJson json) => new(
        json.Property("name").String(),

        // "warnings" (array) since Bitcoin Core v26; "warning" (string) before.
        json.OptionalProperty("warnings")?.StringOrStrings() ?? json.OptionalProperty("warning")?.StringOrStrings() ?? []);
}
