using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing.Errors;

/// <summary>
/// BOLT 2 "closing_signed": "if the signature is not valid for either variant of closing
/// transaction specified in BOLT #3 OR non-compliant with LOW-S-standard rule: MUST send
/// a warning and close the connection, or send an error and fail the channel".
/// </summary>
public sealed class InvalidClosingSignatureException : ChannelException
{
    public InvalidClosingSignatureException(ChannelId channelId, ulong feeSatoshis)
        : base(channelId, $"Invalid closing_signed signature for the closing transaction with fee {feeSatoshis} sat.")
    {
        FeeSatoshis = feeSatoshis;
    }

    public ulong FeeSatoshis { get; }
}
