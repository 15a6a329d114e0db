using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening.Errors;

/// <summary>
/// The confirmed output at the funding outpoint is not the agreed funding output.
/// BOLT 2 "The channel_ready Message", sender: "MUST NOT send channel_ready unless
/// outpoint of given by funding_txid and funding_output_index in the funding_created
/// message pays exactly funding_satoshis to the scriptpubkey specified in BOLT #3".
/// </summary>
public sealed class FundingOutputMismatchException : ChannelException
{
    public FundingOutputMismatchException(ChannelId channelId, TxOut expected, TxOut actual)
        : base(channelId, $"The funding outpoint pays {actual.Value} to {actual.ScriptPubKey}; the channel needs {expected.Value} to {expected.ScriptPubKey}.")
    {
        Expected = expected;
        Actual = actual;
    }

    public TxOut Expected { get; }

    public TxOut Actual { get; }
}
