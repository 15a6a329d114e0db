using Microchannels.Bitcoin;

namespace Microchannels.Settlement.Rpc;

/// <summary>
/// The fields of <c>getnetworkinfo</c> that identify the node: <see cref="Version"/>
/// is e.g. 310000 for v31.0.0, <see cref="Subversion"/> the user agent
/// "/Satoshi:31.0.0/". Fee rates are per kvB, as bitcoind reports them.
/// </summary>
public sealed record NetworkInfo(
    int Version,
    string Subversion,
    int ProtocolVersion,
    int Connections,
    Satoshis RelayFeePerKilovbyte,
    Satoshis IncrementalFeePerKilovbyte)
{
    internal static NetworkInfo FromJson(RpcJson json) => new(
        json.Property("version").Int32(),
        json.Property("subversion").String(),
        json.Property("protocolversion").Int32(),
        json.Property("connections").Int32(),
        json.Property("relayfee").Btc(),
        json.Property("incrementalfee").Btc());
}
