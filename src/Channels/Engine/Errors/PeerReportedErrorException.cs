using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>
/// The peer sent an <c>error</c> for this channel. BOLT 1: the receiving node "MUST fail
/// the channel referred to by channel_id, if that channel is with the sending node"; we
/// broadcast our latest commitment.
/// </summary>
public sealed class PeerReportedErrorException : ChannelException
{
    public PeerReportedErrorException(ChannelId channelId, byte[] data)
        : base(channelId, $"Peer reported an error: {Printable(data)}")
    {
    }

    private static string Printable(byte[] data)
    {
        // BOLT 1: data is usually ASCII; never echo control characters or unbounded text.
        var text = new string([.. System.Text.Encoding.ASCII.GetString(data, 0, Math.Min(data.Length, 200)).Select(c => char.IsControl(c) ? '?' : c)]);
        return data.Length > 200 ? text + "..." : text;
    }
}
