using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Node;
using Microchannels.Provider.Api;
using EngineState = Microchannels.Channels.Engine.StateMachine.ChannelState;

namespace Microchannels.Provider.Node;

/// <summary>
/// Telling meters their tariff (docs/PROTOCOL.md, "Message: tariff_update"): when a meter's
/// channel is established or reestablished, and when SetTariff changes what it pays. The
/// tariff is read from the database, where SetTariff stored it before asking for the send.
/// </summary>
public sealed partial class ProviderNodeHost
{
    /// <summary>
    /// Sends the tariff each affected meter now pays: <paramref name="meter"/>'s, or with null (the
    /// default changed) every connected meter that has no tariff of its own.
    /// </summary>
    public async Task SendTariffAsync(PublicKey? meter, CancellationToken cancellationToken)
    {
        if (_node is not { } node)
        {
            return;
        }

        var meters = meter is not null
            ? [meter]
            : node.Meters.Where(m => _database.GetTariff(m) is null).ToList();
        foreach (var each in meters)
        {
            await SendTariffToAsync(node, each, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>From the event pump: a channel (re)established; the send runs beside the pump.</summary>
    private void TellTariff(PublicKey meter)
    {
        if (_node is { } node)
        {
            _ = Task.Run(() => SendTariffToAsync(node, meter, CancellationToken.None));
        }
    }

    private async Task SendTariffToAsync(ProviderNode node, PublicKey meter, CancellationToken cancellationToken)
    {
        if (node.GetState(meter) is not { } state || state is EngineState.Opening or EngineState.OpeningAborted or EngineState.Closed)
        {
            return;
        }

        var (tariff, _, _) = TariffRules.Effective(_database, meter);
        try
        {
            await node.SendToMeterAsync(meter, TariffRules.ToMessage(tariff, state.ChannelId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KeyNotFoundException or System.Threading.Channels.ChannelClosedException)
        {
            // The channel went away meanwhile; a new one is told when it is established.
        }
    }
}
