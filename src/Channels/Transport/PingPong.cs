using System.Buffers.Binary;

namespace Microchannels.Channels.Transport;

/// <summary>
/// The two BOLT 1 control messages the transport answers by itself ("The ping and
/// pong Messages"). Deliberately minimal; the full BOLT 1 codec lives with the wire
/// messages. Layouts: ping = type 18, u16 num_pong_bytes, u16 byteslen, ignored;
/// pong = type 19, u16 byteslen, ignored.
/// </summary>
internal static class PingPong
{
    public const ushort PingType = 18;
    public const ushort PongType = 19;

    /// <summary>BOLT 1: a ping with num_pong_bytes of 65532 or more MUST be ignored.</summary>
    public const int NoReplyThreshold = 65532;

    public static bool IsControl(ReadOnlySpan<byte> message) =>
        message.Length >= 2 && BinaryPrimitives.ReadUInt16BigEndian(message) is PingType or PongType;

    /// <summary>A ping with no padding; we ask for <paramref name="numPongBytes"/> bytes back. BOLT 1: "SHOULD set ignored to 0s".</summary>
    public static byte[] EncodePing(ushort numPongBytes)
    {
        var message = new byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(message, PingType);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), numPongBytes);
        return message;
    }

    /// <summary>A pong of <paramref name="bytesLength"/> zero bytes.</summary>
    public static byte[] EncodePong(ushort bytesLength)
    {
        var message = new byte[4 + bytesLength];
        BinaryPrimitives.WriteUInt16BigEndian(message, PongType);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), bytesLength);
        return message;
    }

    /// <summary>Reads a ping's num_pong_bytes; false if the fields are truncated.</summary>
    public static bool TryReadPing(ReadOnlySpan<byte> message, out ushort numPongBytes)
    {
        numPongBytes = 0;
        if (message.Length < 6 || BinaryPrimitives.ReadUInt16BigEndian(message) != PingType)
        {
            return false;
        }

        numPongBytes = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        return 6 + BinaryPrimitives.ReadUInt16BigEndian(message[4..]) <= message.Length;
    }

    /// <summary>Reads a pong's byteslen; false if the fields are truncated.</summary>
    public static bool TryReadPong(ReadOnlySpan<byte> message, out ushort bytesLength)
    {
        bytesLength = 0;
        if (message.Length < 4 || BinaryPrimitives.ReadUInt16BigEndian(message) != PongType)
        {
            return false;
        }

        bytesLength = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        return 4 + bytesLength <= message.Length;
    }
}
