using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Store;

namespace Microchannels.Provider.Journal;

/// <summary>A channel as last stored: its store key, its meter and its state.</summary>
public sealed record StoredChannel(ChannelKey Key, PublicKey Meter, ChannelState State);
