using Microchannels.EmbeddedChain.Validation;

namespace Microchannels.EmbeddedChain.Hosting;

/// <summary>How <see cref="EmbeddedChainHost"/> runs the simulated regtest chain; the names follow bitcoind's options.</summary>
public sealed record EmbeddedChainOptions
{
    /// <summary><c>-datadir</c>: the chain, wallets and <c>regtest/.cookie</c> live under it. Required.</summary>
    public required string DataDirectory { get; init; }

    /// <summary><c>-rpcport</c>; 0 picks a free loopback port.</summary>
    public int RpcPort { get; init; }

    /// <summary><c>-rpcuser</c>/<c>-rpcpassword</c>; without a password the node writes a cookie file instead, as bitcoind does.</summary>
    public string? RpcUser { get; init; }

    public string? RpcPassword { get; init; }

    /// <summary>Relay policy: <c>-minrelaytxfee</c>, <c>-incrementalrelayfee</c>, <c>-dustrelayfee</c>, <c>-blockmintxfee</c>.</summary>
    public RelayPolicy Policy { get; init; } = new();

    /// <summary>Keep blocks and wallets in the data directory, so a restart keeps the chain; false keeps them in memory only.</summary>
    public bool Persist { get; init; } = true;

    /// <summary>Mine a block every interval (to an address of the node's own); null mines only on request.</summary>
    public TimeSpan? BlockInterval { get; init; }

    /// <summary>What <c>estimatesmartfee</c> answers, in satoshis per kvB; null answers "Insufficient data", as a fresh regtest bitcoind.</summary>
    public long? FeeRateEstimate { get; init; }

    /// <summary>The clock for block times; the system clock by default.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
