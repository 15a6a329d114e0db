using System.Collections.Immutable;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Watching;

/// <summary>A block as the watcher needs it: its hash, its parent's hash and its transactions in block order.</summary>
public sealed record SourceBlock(BlockHash Hash, BlockHash PreviousBlockHash, ImmutableArray<Transaction> Transactions);
