using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Node;

/// <summary>
/// The bytes the channel store keeps for a <see cref="ChannelState"/>: a phase tag and
/// the <see cref="CommitmentsCodec"/> encoding, plus the broadcast commitment for a
/// force close. The connection phase and unsent updates are not stored: a node that
/// restarts is disconnected and has proposed nothing (BOLT 2 drops unsigned updates).
/// The record ends with the first 4 bytes of SHA-256 over everything before it: a
/// damaged byte in a balance or a secret would otherwise decode as another valid state.
/// </summary>
public static class ChannelStateCodec
{
    private const byte Magic = 0x53; // 'S'
    private const byte Version = 1;
    private const byte NormalTag = 1;
    private const byte ForceClosingTag = 2;
    private const byte WaitingForRemoteCloseTag = 3;
    private const int ChecksumSize = 4;

    public static byte[] Encode(ChannelState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var writer = new WireWriter(4096);
        writer.WriteByte(Magic);
        writer.WriteByte(Version);
        switch (state)
        {
            case ChannelState.Normal normal:
                writer.WriteByte(NormalTag);
                WriteBlob(writer, CommitmentsCodec.Encode(normal.Commitments));
                break;
            case ChannelState.ForceClosing closing:
                writer.WriteByte(ForceClosingTag);
                WriteBlob(writer, CommitmentsCodec.Encode(closing.Commitments));
                WriteBlob(writer, TransactionSerializer.Serialize(closing.Commitment));
                WriteBlob(writer, System.Text.Encoding.UTF8.GetBytes(closing.Reason));
                break;
            case ChannelState.WaitingForRemoteClose waiting:
                writer.WriteByte(WaitingForRemoteCloseTag);
                WriteBlob(writer, CommitmentsCodec.Encode(waiting.Commitments));
                break;
            default:
                throw new ArgumentException($"Unknown state {state.GetType().Name}.", nameof(state));
        }

        writer.WriteBytes(Microchannels.Bitcoin.Crypto.Hashes.Sha256(writer.WrittenSpan).AsSpan(0, ChecksumSize));
        return writer.ToArray();
    }

    /// <summary>Decodes a stored state; any malformed input throws <see cref="ChannelStateFormatException"/>.</summary>
    public static ChannelState Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < ChecksumSize
            || !Microchannels.Bitcoin.Crypto.Hashes.Sha256(data[..^ChecksumSize]).AsSpan(0, ChecksumSize).SequenceEqual(data[^ChecksumSize..]))
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.Unspecified, "Stored channel state fails its checksum: the record is damaged.");
        }

        try
        {
            var reader = new WireReader(data[..^ChecksumSize]);
            if (reader.ReadByte() != Magic)
            {
                throw new ChannelStateFormatException(ChannelStateFormatReason.UnknownFormat, "Not a stored channel state.");
            }

            if (reader.ReadByte() != Version)
            {
                throw new ChannelStateFormatException(ChannelStateFormatReason.UnsupportedVersion, "Unsupported channel state version.");
            }

            byte tag = reader.ReadByte();
            var commitments = CommitmentsCodec.Decode(ReadBlob(ref reader));
            ChannelState state = tag switch
            {
                // A restarted node is disconnected: BOLT 2 drops unsigned proposals on both
                // sides, and ours are not re-proposed here (the application re-sends what
                // its stored state does not cover, so nothing is proposed twice).
                NormalTag => new ChannelState.Normal(commitments.OnDisconnect().State, ConnectionPhase.Disconnected, []),
                ForceClosingTag => new ChannelState.ForceClosing(commitments, ReadTransaction(ref reader), System.Text.Encoding.UTF8.GetString(ReadBlob(ref reader))),
                WaitingForRemoteCloseTag => new ChannelState.WaitingForRemoteClose(commitments),
                _ => throw new ChannelStateFormatException(ChannelStateFormatReason.UnknownFormat, $"Unknown channel phase {tag}."),
            };
            reader.EnsureEnd();
            return state;
        }
        catch (WireFormatException e)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.Truncated, $"Malformed channel state: {e.Message}", e);
        }
    }

    private static Transaction ReadTransaction(ref WireReader reader)
    {
        try
        {
            return TransactionSerializer.Parse(ReadBlob(ref reader));
        }
        catch (Microchannels.Bitcoin.BitcoinFormatException e) when (e is not ChannelStateFormatException)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.Unspecified, $"Malformed broadcast commitment: {e.Message}", e);
        }
    }

    private static void WriteBlob(WireWriter writer, ReadOnlySpan<byte> blob)
    {
        writer.WriteU32((uint)blob.Length);
        writer.WriteBytes(blob);
    }

    private static ReadOnlySpan<byte> ReadBlob(ref WireReader reader)
    {
        uint length = reader.ReadU32();
        if (length > reader.Remaining)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.CountExceedsInput, $"A {length}-byte field exceeds the {reader.Remaining} bytes left.");
        }

        return reader.ReadBytes((int)length);
    }
}
