namespace Microchannels.Demo.View;

/// <summary>The provider node's figures for the view: from its API (GetInfo, ListChannels) and its metrics endpoint.</summary>
/// <param name="CommitmentsPerSecond">Commitments the node signed and stored per second, over the last refresh (sum of every channel's local commitment number).</param>
/// <param name="WritesPerFsync">The channel store's state writes per fsync (group commit).</param>
/// <param name="BlockHeight">The last block the node processed.</param>
/// <param name="Synced">Whether the node has processed every block the chain has.</param>
/// <param name="ReceivedMsat">Everything the meters paid, from the node's transfer journal.</param>
internal sealed record NodeFigures(double? CommitmentsPerSecond, double? WritesPerFsync, uint BlockHeight, bool Synced, ulong ReceivedMsat);
