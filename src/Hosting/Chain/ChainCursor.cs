using Microchannels.Settlement.Rpc;

namespace Microchannels.Hosting.Chain;

/// <summary>The last block whose events were all delivered: its height and hash.</summary>
public sealed record ChainCursor(int Height, BlockHash Hash);
