using Microchannels.Channels.Engine.Errors;

namespace Microchannels.Channels.Tests.Engine.OnChain;

/// <summary>Channels with some history, to close on chain.</summary>
internal static class OnChainScenario
{
    /// <summary>Transfers both ways, each round signed and revoked on both sides.</summary>
    public static ChannelPair Streamed(int rounds = 5)
    {
        var pair = new ChannelPair(meterInitialMsat: 800_000_000);
        for (int i = 0; i < rounds; i++)
        {
            pair.MeterPays(20_000_000 + ((ulong)i * 1_111));
            if (i % 2 == 0)
            {
                pair.ProviderRefunds(3_000_000 + (ulong)i);
            }

            pair.Settle();
        }

        return pair;
    }

    /// <summary>
    /// Applies one random step of a history; a transfer the balance cannot afford is
    /// refused by the channel and skipped, as the application would.
    /// </summary>
    public static void Apply(ChannelPair pair, bool meterPays, ulong msat, bool settle)
    {
        try
        {
            if (meterPays)
            {
                pair.MeterPays(msat);
            }
            else
            {
                pair.ProviderRefunds(msat);
            }
        }
        catch (InsufficientFundsException)
        {
            // Refused: the state is unchanged.
        }

        if (settle)
        {
            pair.Settle();
        }
    }
}
