using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Node;

/// <summary>
/// The bytes the channel store keeps for a <see cref="ChannelState"/>: a phase tag and
/// the <see cref="CommitmentsCodec"/> encoding, plus the broadcast commitment for a
/// force close, the closing scripts, feerates and negotiation so far while closing
/// cooperatively, the signed closing transaction of a mutual close, and the BOLT 5 resolution
/// of a close seen on chain (<see cref="OnChainCloseCodec"/>); for a stored opening, its terms
/// and, for the opener, the funding transaction to broadcast again. The connection phase and unsent updates are not stored: a node that
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
    private const byte ShuttingDownTag = 4;
    private const byte NegotiatingTag = 5;
    private const byte MutualCloseTag = 6;
    private const byte AwaitingFundingConfirmedTag = 10;
    private const byte AwaitingChannelReadyTag = 11;

    // BOLT 5 on-chain phases, numbered apart from the opening and closing phases.
    private const byte ClosingOnChainTag = 20;
    private const byte ClosedTag = 21;
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
            case ChannelState.ShuttingDown shuttingDown:
                writer.WriteByte(ShuttingDownTag);
                WriteBlob(writer, CommitmentsCodec.Encode(shuttingDown.Shutdown.Commitments));
                WriteShuttingDown(writer, shuttingDown);
                break;
            case ChannelState.Negotiating negotiating:
                writer.WriteByte(NegotiatingTag);
                WriteBlob(writer, CommitmentsCodec.Encode(negotiating.Negotiation.Commitments));
                WriteNegotiating(writer, negotiating);
                break;
            case ChannelState.MutualClose mutualClose:
                writer.WriteByte(MutualCloseTag);
                WriteBlob(writer, CommitmentsCodec.Encode(mutualClose.Commitments));
                WriteBlob(writer, TransactionSerializer.Serialize(mutualClose.ClosingTransaction));
                break;
            case ChannelState.Opening { IsDurable: true } opening:
                writer.WriteByte(opening.Phase is AwaitingChannelReady ? AwaitingChannelReadyTag : AwaitingFundingConfirmedTag);
                OpeningStateCodec.Write(writer, opening.Phase);
                WriteOptionalBlob(writer, opening.FundingTransaction is { } funding ? TransactionSerializer.Serialize(funding) : null);
                WriteBool(writer, opening.WaitingSinceHeight.HasValue);
                writer.WriteU32(opening.WaitingSinceHeight ?? 0);
                break;
            case ChannelState.ClosingOnChain onChain:
                writer.WriteByte(ClosingOnChainTag);
                WriteBlob(writer, CommitmentsCodec.Encode(onChain.Commitments));
                WriteBlob(writer, OnChainCloseCodec.Encode(onChain.Close));
                break;
            case ChannelState.Closed closed:
                writer.WriteByte(ClosedTag);
                WriteBlob(writer, CommitmentsCodec.Encode(closed.Commitments));
                WriteBlob(writer, OnChainCloseCodec.Encode(closed.Close));
                break;
            default:
                // An unstored opening or an aborted one: BOLT 2 "SHOULD NOT remember the channel".
                throw new ArgumentException($"State {state.GetType().Name} is never stored.", nameof(state));
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
            if (tag is AwaitingFundingConfirmedTag or AwaitingChannelReadyTag)
            {
                // Disconnected after a restart; the policy is not needed once the terms are settled.
                var phase = OpeningStateCodec.Read(ref reader, channelReadySent: tag == AwaitingChannelReadyTag);
                var funding = ReadBool(ref reader) ? ReadTransaction(ref reader) : null;
                bool waiting = ReadBool(ref reader);
                uint since = reader.ReadU32();
                reader.EnsureEnd();
                return new ChannelState.Opening(phase, ConnectionPhase.Disconnected, null, null, funding, waiting ? since : null);
            }

            var commitments = CommitmentsCodec.Decode(ReadBlob(ref reader));
            ChannelState state = tag switch
            {
                // A restarted node is disconnected: BOLT 2 drops unsigned proposals on both
                // sides, and ours are not re-proposed here (the application re-sends what
                // its stored state does not cover, so nothing is proposed twice).
                NormalTag => new ChannelState.Normal(commitments.OnDisconnect().State, ConnectionPhase.Disconnected, []),
                ForceClosingTag => new ChannelState.ForceClosing(commitments, ReadTransaction(ref reader), System.Text.Encoding.UTF8.GetString(ReadBlob(ref reader))),
                WaitingForRemoteCloseTag => new ChannelState.WaitingForRemoteClose(commitments),

                // Likewise disconnected; the reestablish on reconnection resends our shutdown
                // and restarts the negotiation (BOLT 2 "Message Retransmission").
                ShuttingDownTag => ReadShuttingDown(ref reader, commitments.OnDisconnect().State),
                NegotiatingTag => ReadNegotiating(ref reader, commitments),
                MutualCloseTag => new ChannelState.MutualClose(commitments, ReadTransaction(ref reader)),
                ClosingOnChainTag => new ChannelState.ClosingOnChain(commitments, OnChainCloseCodec.Decode(ReadBlob(ref reader))),
                ClosedTag => new ChannelState.Closed(commitments, OnChainCloseCodec.Decode(ReadBlob(ref reader))),
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
            throw new ChannelStateFormatException(ChannelStateFormatReason.Unspecified, $"Malformed stored transaction: {e.Message}", e);
        }
    }

    private static void WriteShuttingDown(WireWriter writer, ChannelState.ShuttingDown state)
    {
        var shutdown = state.Shutdown;
        writer.WriteByte((byte)((shutdown.Terms.AnySegwit ? 1 : 0) | (shutdown.Terms.AcceptLegacyRemoteScripts ? 2 : 0)));
        WriteOptionalBlob(writer, shutdown.Terms.LocalUpfrontScript?.ToArray());
        WriteOptionalBlob(writer, shutdown.Terms.RemoteUpfrontScript?.ToArray());
        WriteBlob(writer, shutdown.LocalScript.Span);
        WriteBool(writer, shutdown.LocalShutdownSent);
        WriteOptionalBlob(writer, shutdown.RemoteScript?.ToArray());
        WriteFeerates(writer, state.Feerates);
    }

    private static ChannelState.ShuttingDown ReadShuttingDown(ref WireReader reader, Commitments commitments)
    {
        byte flags = reader.ReadByte();
        if (flags > 3)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.InvalidFlag, $"Unknown shutdown flags {flags}.");
        }

        var terms = new ShutdownTerms((flags & 1) != 0, (flags & 2) != 0, ReadOptionalScript(ref reader), ReadOptionalScript(ref reader));
        var localScript = new ByteVector(ReadBlob(ref reader));
        bool sent = ReadBool(ref reader);
        var remoteScript = ReadOptionalScript(ref reader);
        var shutdown = new Engine.Closing.ShuttingDown(commitments, terms, localScript, sent, remoteScript);
        return new ChannelState.ShuttingDown(shutdown, ReadFeerates(ref reader), ConnectionPhase.Disconnected);
    }

    private static void WriteNegotiating(WireWriter writer, ChannelState.Negotiating state)
    {
        var negotiation = state.Negotiation;
        WriteBlob(writer, negotiation.LocalScript.AsSpan());
        WriteBlob(writer, negotiation.RemoteScript.AsSpan());
        writer.WriteU64(negotiation.Fees.PreferredSatoshis);
        writer.WriteU64(negotiation.Fees.Range.MinFeeSatoshis);
        writer.WriteU64(negotiation.Fees.Range.MaxFeeSatoshis);
        WriteOptionalBlob(writer, negotiation.LastSent is { } sent ? MessageCodec.Encode(sent) : null);
        WriteBool(writer, negotiation.LastReceivedFeeSatoshis.HasValue);
        writer.WriteU64(negotiation.LastReceivedFeeSatoshis ?? 0);
        WriteOptionalBlob(writer, negotiation.SignedClosingTransaction is { } signed ? TransactionSerializer.Serialize(signed) : null);
        WriteFeerates(writer, state.Feerates);
    }

    private static ChannelState.Negotiating ReadNegotiating(ref WireReader reader, Commitments commitments)
    {
        var localScript = new Script(ReadBlob(ref reader));
        var remoteScript = new Script(ReadBlob(ref reader));
        var fees = new ClosingFees(reader.ReadU64(), new ClosingFeeRange(reader.ReadU64(), reader.ReadU64()));
        if (fees.Range.MinFeeSatoshis > fees.Range.MaxFeeSatoshis)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.ValueOutOfRange, $"Closing fee range {fees.Range.MinFeeSatoshis}..{fees.Range.MaxFeeSatoshis} is empty.");
        }

        ClosingSigned? lastSent = null;
        if (ReadBool(ref reader))
        {
            lastSent = MessageCodec.Decode(ReadBlob(ref reader)).Message as ClosingSigned
                ?? throw new ChannelStateFormatException(ChannelStateFormatReason.UnknownFormat, "The last sent closing message is not a closing_signed.");
        }

        bool hasReceived = ReadBool(ref reader);
        ulong received = reader.ReadU64();
        var signed = ReadBool(ref reader) ? ReadTransaction(ref reader) : null;
        var negotiation = new Engine.Closing.Negotiating(commitments, localScript, remoteScript, fees, lastSent, hasReceived ? received : null, signed);
        return new ChannelState.Negotiating(negotiation, ReadFeerates(ref reader), ConnectionPhase.Disconnected);
    }

    private static void WriteFeerates(WireWriter writer, ClosingFeerates feerates)
    {
        writer.WriteU32(feerates.Preferred.Value);
        writer.WriteU32(feerates.Minimum.Value);
        writer.WriteU32(feerates.Maximum.Value);
    }

    private static ClosingFeerates ReadFeerates(ref WireReader reader)
    {
        var preferred = new FeeratePerKw(reader.ReadU32());
        var minimum = new FeeratePerKw(reader.ReadU32());
        var maximum = new FeeratePerKw(reader.ReadU32());
        if (minimum > preferred || preferred > maximum)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.ValueOutOfRange, $"Closing feerates out of order: {minimum}, {preferred}, {maximum}.");
        }

        return new ClosingFeerates(preferred, minimum, maximum);
    }

    private static void WriteBool(WireWriter writer, bool value) => writer.WriteByte(value ? (byte)1 : (byte)0);

    private static bool ReadBool(ref WireReader reader) => reader.ReadByte() switch
    {
        0 => false,
        1 => true,
        var other => throw new ChannelStateFormatException(ChannelStateFormatReason.InvalidFlag, $"Flag byte {other} is neither 0 nor 1."),
    };

    private static void WriteOptionalBlob(WireWriter writer, byte[]? blob)
    {
        WriteBool(writer, blob is not null);
        if (blob is not null)
        {
            WriteBlob(writer, blob);
        }
    }

    private static ByteVector? ReadOptionalScript(ref WireReader reader) =>
        ReadBool(ref reader) ? new ByteVector(ReadBlob(ref reader)) : null;

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
