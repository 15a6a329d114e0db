using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Errors;

namespace Microchannels.Channels.Tests.Engine;

/// <summary>
/// The steps of a random channel history, and how each is taken on a <see cref="ChannelPair"/>;
/// shared by the model-based property test and the script oracle, which replay the same kind
/// of history.
/// </summary>
internal static class ChannelHistory
{
    internal enum Op
    {
        MeterPays,
        ProviderRefunds,
        FeeUpdate,
        MeterSigns,
        ProviderSigns,
        DeliverToProvider,
        DeliverToMeter,
        Reconnect,
        RestartMeter,
        RestartProvider,
    }

    /// <summary>
    /// Takes <paramref name="op"/> if the channel allows it now (a payment within what the payer
    /// can send, a delivery with a message queued), else nothing.
    /// </summary>
    /// <returns>What the step moved to the meter, in msat (negative when the meter paid).</returns>
    public static long Apply(ChannelPair pair, Op op, int amount)
    {
        switch (op)
        {
            case Op.MeterPays when amount <= (long)pair.Meter.AvailableToSend.Value:
                pair.MeterPays((ulong)amount);
                return -amount;
            case Op.ProviderRefunds when amount <= (long)pair.Provider.AvailableToSend.Value:
                pair.ProviderRefunds((ulong)amount);
                return amount;
            case Op.FeeUpdate:
                try
                {
                    var (state, message) = pair.Meter.SendFee(new FeeratePerKw((uint)(253 + (amount % 5000))));
                    pair.Meter = state;
                    pair.EnqueueToProvider(message);
                }
                catch (InsufficientFundsException)
                {
                    // The meter cannot afford that fee right now: a refused local command.
                }

                break;
            case Op.MeterSigns:
                pair.MeterSigns();
                break;
            case Op.ProviderSigns:
                pair.ProviderSigns();
                break;
            case Op.DeliverToProvider when pair.MessagesToProvider > 0:
                pair.DeliverToProvider();
                break;
            case Op.DeliverToMeter when pair.MessagesToMeter > 0:
                pair.DeliverToMeter();
                break;
            case Op.Reconnect:
                pair.Disconnect();
                pair.Reconnect();
                break;
            case Op.RestartMeter:
                pair.Restart(meter: true);
                break;
            case Op.RestartProvider:
                pair.Restart(meter: false);
                break;
        }

        return 0;
    }
}
