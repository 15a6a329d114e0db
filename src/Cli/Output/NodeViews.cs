using Microchannels.Provider.Api.V1;
using Spectre.Console.Rendering;

namespace Microchannels.Cli.Output;

/// <summary>Tables for GetInfo and GetBalanceSheet.</summary>
public static class NodeViews
{
    public static IRenderable Info(GetInfoResponse info)
    {
        ArgumentNullException.ThrowIfNull(info);
        string counts = info.ChannelCounts.Count == 0
            ? "none"
            : string.Join(", ", info.ChannelCounts.Select(c => $"{Show.State(c.State)} {Show.Number(c.Count)}"));
        return Tables.Fields(
            ("node id", info.NodeId),
            ("network", info.Network),
            ("version", Show.OrDash(info.Version)),
            ("block height", Show.Number(info.BlockHeight)),
            ("block hash", Show.OrDash(info.BlockHash)),
            ("synced to chain", Show.YesNo(info.SyncedToChain)),
            ("peer address", Show.OrDash(info.PeerAddress)),
            ("channels", counts),
            ("last transfer sequence", Show.Number(info.LastTransferSequence)));
    }

    public static IRenderable BalanceSheet(GetBalanceSheetResponse sheet)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        return Tables.Fields(
            ("received (msat)", Show.Amount(sheet.ReceivedMsat)),
            ("sent (msat)", Show.Amount(sheet.SentMsat)),
            ("settled on chain (sat)", Show.Amount(sheet.OnchainSettledSat)),
            ("ours in channels (msat)", Show.Amount(sheet.InChannelsMsat)),
            ("meters' in channels (msat)", Show.Amount(sheet.MetersInChannelsMsat)),
            ("open channels", Show.Number(sheet.OpenChannelCount)));
    }
}
