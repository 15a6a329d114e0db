using System.Text.Json;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Settlement.Tests.Support;

/// <summary>Values taken out of <see cref="RecordedReplies"/>, to compare parsed results against.</summary>
internal static class Recorded
{
    public static JsonElement ResultOf(string reply) => JsonDocument.Parse(reply).RootElement.GetProperty("result").Clone();

    /// <summary>The wallet payment of 0.1 BTC the recording made (getrawtransaction ... false).</summary>
    public static Transaction ConfirmedTransaction() =>
        TransactionSerializer.ParseHex(ResultOf(RecordedReplies.GetRawTransactionHex).GetString()!);

    public static string ErrorMessageOf(string reply) =>
        JsonDocument.Parse(reply).RootElement.GetProperty("error").GetProperty("message").GetString()!;
}
